using System.Net;
using System.Text;
using BackpropServer.Server.Classes;
using BackpropServer.Server.Tests.Infrastructure;
using BackpropServer.Server.Tests.Quiz;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackpropServer.Server.Tests.Classes;

public sealed class ClassFlowTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task A_class_gets_a_readable_join_code_and_students_join_it_by_name()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (id, code) = await teacher.CreateClassAsync();

        Assert.Matches("^[A-HJKMNP-TW-Z2-9]{3}-[A-HJKMNP-TW-Z2-9]{3}$", code);
        await using var student = app.NewStudent();
        var joined = await student.JoinAsync(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), "  Ada   Lovelace ");
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Contains("You are in Year 12 Computing as Ada Lovelace", await joined.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        string dashboard = await teacher.Http.GetStringAsync(new Uri($"/classes/{id}", UriKind.Relative));
        Assert.Contains("<th scope=\"row\">Ada Lovelace</th>", dashboard, StringComparison.Ordinal);
        string quiz = await student.Http.GetStringAsync(new Uri("/quiz", UriKind.Relative));
        Assert.Contains("You are in Year 12 Computing as Ada Lovelace: your teacher sees your results.", quiz, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_students_cannot_share_a_display_name_in_one_class()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (_, code) = await teacher.CreateClassAsync();
        await using var first = app.NewStudent();
        await using var second = app.NewStudent();
        await first.JoinAsync(code, "Sam");

        var clash = await second.JoinAsync(code, "  SAM ");

        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        string html = await clash.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-displayName\"", html, StringComparison.Ordinal);
        Assert.Contains("already uses that name", html, StringComparison.Ordinal);
        // The same device joining again keeps its place.
        Assert.Equal(HttpStatusCode.OK, (await first.JoinAsync(code, "Sam")).StatusCode);
    }

    [Fact]
    public async Task A_students_submission_shows_on_the_dashboard_with_latest_best_average_and_per_question_results()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (id, code) = await teacher.CreateClassAsync();
        await using var student = app.NewStudent();
        await student.JoinAsync(code, "Grace");
        await student.StepAsync(2);

        string first = await student.OpenQuizAsync();
        var answers = await student.RightAnswersAsync();
        answers.RemoveAll(a => a.Key == "relu-off");
        answers.Add(new("relu-off", "a"));
        await student.SubmitQuizAsync(first, answers, htmx: true);
        await student.PostFormAsync("/quiz/attempts", [], htmx: true);
        string second = await student.OpenQuizAsync();
        await student.SubmitQuizAsync(second, await student.RightAnswersAsync(), htmx: true);

        string html = WebUtility.HtmlDecode(await teacher.Http.GetStringAsync(new Uri($"/classes/{id}", UriKind.Relative)));
        string row = System.Text.RegularExpressions.Regex.Match(html, "<th scope=\"row\">Grace</th>(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var cells = System.Text.RegularExpressions.Regex.Matches(row, "<td>(.*?)</td>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(["2", "10 / 10", "10 / 10"], cells.Take(3));
        Assert.Contains("class average 10.0 / 10", html, StringComparison.Ordinal);
        Assert.Contains("50% of 2", html, StringComparison.Ordinal);
        Assert.Contains("It passes straight through unchanged, because ReLU is a straight line. (1×)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_open_dashboard_hears_of_a_submission_within_a_second()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (id, code) = await teacher.CreateClassAsync();
        await using var dashboard = teacher.Hub("hubs/classes");
        var heard = new TaskCompletionSource<Guid>();
        dashboard.On<Guid>(nameof(IClassClient.ClassChanged), changed => heard.TrySetResult(changed));
        await dashboard.StartAsync();
        await dashboard.InvokeAsync("WatchClass", id);
        await using var student = app.NewStudent();
        await student.JoinAsync(code, "Alan");
        heard = new TaskCompletionSource<Guid>();

        string token = await student.OpenQuizAsync();
        await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: true);

        Assert.Equal(id, await heard.Task.WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Hostile_display_names_are_only_text_on_the_page_and_in_the_csv()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (id, code) = await teacher.CreateClassAsync();
        string[] names = ["<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "-3", "@SUM(A1)", "Tab\tName"];
        foreach (string name in names)
        {
            await using var student = app.NewStudent();
            Assert.Equal(HttpStatusCode.OK, (await student.JoinAsync(code, name)).StatusCode);
        }

        string page = await teacher.Http.GetStringAsync(new Uri($"/classes/{id}", UriKind.Relative));
        Assert.DoesNotContain("<script>alert(1)</script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);

        var csv = await teacher.Http.GetAsync(new Uri($"/classes/{id}/roster.csv", UriKind.Relative));
        byte[] bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes[3..]));
        var cells = rows.Skip(1).Select(r => r[0]).ToList();
        Assert.Contains("'=HYPERLINK(\"http://evil.example\",\"x\")", cells);
        Assert.Contains("'+1+2", cells);
        Assert.Contains("'-3", cells);
        Assert.Contains("'@SUM(A1)", cells);
        Assert.Contains("<script>alert(1)</script>", cells);
        Assert.Contains("Tab Name", cells);
        Assert.All(rows.Skip(1), r => Assert.Equal("0", r[2]));
    }

    [Fact]
    public async Task Question_csv_has_numbers_as_numbers()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (id, code) = await teacher.CreateClassAsync();
        await using var student = app.NewStudent();
        await student.JoinAsync(code, "Kim");
        string token = await student.OpenQuizAsync();
        await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: true);

        var rows = Csv.Parse(Encoding.UTF8.GetString((await teacher.Http.GetByteArrayAsync(new Uri($"/classes/{id}/questions.csv", UriKind.Relative)))[3..]));

        Assert.Equal(["Question", "Id", "Prompt", "Answered", "Correct", "Share correct", "Most common wrong answer", "Times given"], rows[0]);
        Assert.Equal(11, rows.Count);
        Assert.Equal("1", rows[1][0]);
        Assert.Equal("blame-starts", rows[1][1]);
        Assert.Equal("1", rows[1][3]);
        Assert.Equal("1", rows[1][5]);
    }

    [Fact]
    public async Task Closing_rotating_and_deleting_work_as_the_teacher_expects()
    {
        await using var teacher = app.NewStudent();
        await teacher.RegisterAsync($"{Guid.NewGuid():N}@school.example");
        var (id, code) = await teacher.CreateClassAsync();
        await using var early = app.NewStudent();
        await early.JoinAsync(code, "Early");
        string token = await early.OpenQuizAsync();
        await early.SubmitQuizAsync(token, await early.RightAnswersAsync(), htmx: true);

        await teacher.OpenPageAsync($"/classes/{id}");
        await teacher.PostFormAsync($"/classes/{id}/open", [new("open", "false")], htmx: false);
        await using var late = app.NewStudent();
        Assert.Equal(HttpStatusCode.BadRequest, (await late.JoinAsync(code, "Late")).StatusCode);
        await teacher.PostFormAsync($"/classes/{id}/open", [new("open", "true")], htmx: false);
        await teacher.PostFormAsync($"/classes/{id}/rotate", [], htmx: false);
        Assert.Equal(HttpStatusCode.BadRequest, (await late.JoinAsync(code, "Late")).StatusCode);
        var (_, fresh) = (id, System.Text.RegularExpressions.Regex.Match(await teacher.OpenPageAsync($"/classes/{id}"), "<strong class=\"code\">([A-Z0-9-]+)</strong>").Groups[1].Value);
        Assert.NotEqual(code, fresh);
        Assert.Equal(HttpStatusCode.OK, (await late.JoinAsync(fresh, "Late")).StatusCode);

        // Deleting one student removes their attempts; deleting the class removes everything.
        string page = await teacher.OpenPageAsync($"/classes/{id}");
        string earlyId = System.Text.RegularExpressions.Regex.Match(page, "<tr data-student=\"([0-9a-f-]+)\">\\s*<th scope=\"row\">Early").Groups[1].Value;
        Assert.Equal(HttpStatusCode.SeeOther, (await teacher.PostFormAsync($"/classes/{id}/students/{earlyId}/delete", [], htmx: false)).StatusCode);
        Assert.Equal(0, await early.SubmittedAttemptCountAsync());
        Assert.DoesNotContain(">Early<", await teacher.OpenPageAsync($"/classes/{id}"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.PostFormAsync($"/classes/{id}/delete", [], htmx: false)).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await teacher.PostFormAsync($"/classes/{id}/delete", [new("confirm", "yes")], htmx: false)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.Http.GetAsync(new Uri($"/classes/{id}", UriKind.Relative))).StatusCode);
    }
}

/// <summary>A small RFC 4180 reader, so the tests read the exports the way a spreadsheet does.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int k = 0; k < text.Length; k++)
        {
            char c = text[k];
            if (quoted)
            {
                if (c == '"' && k + 1 < text.Length && text[k + 1] == '"') { cell.Append('"'); k++; }
                else if (c == '"') { quoted = false; }
                else { cell.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add([.. row]); row.Clear(); }
            else { cell.Append(c); }
        }
        return rows;
    }
}
