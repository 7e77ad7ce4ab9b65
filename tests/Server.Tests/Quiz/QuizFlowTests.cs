using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackpropServer.Server.Quiz;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Quiz;

public sealed class QuizFlowTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task Quiz_page_shows_questions_but_never_the_answer_key_or_explanations()
    {
        await using var student = app.NewStudent();
        string html = WebUtility.HtmlDecode(await student.OpenPageAsync("/quiz"));
        string api = await student.Http.GetStringAsync(new Uri("/api/quiz", UriKind.Relative));

        foreach (var question in QuestionBank.Current.Questions)
        {
            Assert.Contains(question.Prompt, html, StringComparison.Ordinal);
            Assert.DoesNotContain(question.Explanation, html, StringComparison.Ordinal);
            Assert.DoesNotContain(question.Explanation, api, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("correctOptions", api, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("numericAnswer", api, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<fieldset", html, StringComparison.Ordinal);
        Assert.Contains("<legend>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_with_htmx_shows_the_score_and_explanations_in_a_fragment_and_stores_the_attempt()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(3);
        string token = await student.OpenQuizAsync();

        var response = await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: true);

        response.EnsureSuccessStatusCode();
        string html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("Attempt 1: 10 out of 10", html, StringComparison.Ordinal);
        Assert.Contains(QuestionBank.Current.Find("zero-grad")!.Explanation, html, StringComparison.Ordinal);
        Assert.Contains("went from", html, StringComparison.Ordinal);
        Assert.Equal(1, await student.SubmittedAttemptCountAsync());
        // The next-step question ran one step on the student's network.
        Assert.Equal(4, (await student.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task Submitting_without_javascript_redirects_to_the_attempts_result_page()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync();
        string token = await student.OpenQuizAsync();
        var answers = await student.RightAnswersAsync();
        answers[0] = new("blame-starts", "a");

        var response = await student.SubmitQuizAsync(token, answers, htmx: false);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/quiz/attempts/1", response.Headers.Location?.OriginalString);
        string page = WebUtility.HtmlDecode(await student.Http.GetStringAsync(new Uri("/quiz/attempts/1", UriKind.Relative)));
        Assert.Contains("9 out of 10", page, StringComparison.Ordinal);
        Assert.Contains("Not quite", page, StringComparison.Ordinal);
        Assert.Contains("Attempt 1", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_the_same_attempt_again_returns_the_first_result_and_stores_nothing_new()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync();
        string token = await student.OpenQuizAsync();
        var answers = await student.RightAnswersAsync();
        await student.SubmitQuizAsync(token, answers, htmx: true);
        long step = (await student.GetSnapshotAsync()).Step;

        var wrong = QuizStudent.FixedAnswers.Select(a => a.Key == "blame-starts" ? new KeyValuePair<string, string>(a.Key, "a") : a)
            .Concat(answers.Skip(QuizStudent.FixedAnswers.Length));
        var again = await student.SubmitQuizAsync(token, wrong, htmx: true);

        string html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Assert.Contains("already submitted", html, StringComparison.Ordinal);
        Assert.Contains("10 out of 10", html, StringComparison.Ordinal);
        Assert.Equal(1, await student.SubmittedAttemptCountAsync());
        Assert.Equal(step, (await student.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task A_new_attempt_is_numbered_after_the_last_and_history_lists_them()
    {
        await using var student = app.NewStudent();
        string first = await student.OpenQuizAsync();
        await student.SubmitQuizAsync(first, await student.RightAnswersAsync(), htmx: true);

        var start = await student.PostFormAsync("/quiz/attempts", [], htmx: true);
        string form = await start.Content.ReadAsStringAsync();
        Assert.True(start.IsSuccessStatusCode, $"{start.StatusCode}: {form}");
        Assert.Contains("Attempt 2", form, StringComparison.Ordinal);
        string second = await student.OpenQuizAsync();
        Assert.NotEqual(first, second);
        await student.SubmitQuizAsync(second, await student.RightAnswersAsync(), htmx: false);

        var history = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz/attempts", UriKind.Relative));
        Assert.Equal([2, 1], history.EnumerateArray().Select(a => a.GetProperty("number").GetInt32()));
        string page = await student.Http.GetStringAsync(new Uri("/quiz", UriKind.Relative));
        Assert.Contains("quiz/attempts/1", page, StringComparison.Ordinal);
        Assert.Contains("quiz/attempts/2", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_sees_another_students_attempt()
    {
        await using var alice = app.NewStudent();
        await using var bob = app.NewStudent();
        string token = await alice.OpenQuizAsync();
        await alice.SubmitQuizAsync(token, await alice.RightAnswersAsync(), htmx: true);
        await bob.OpenQuizAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.GetAsync(new Uri("/quiz/attempts/1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Http.GetAsync(new Uri("/api/quiz/attempts/1", UriKind.Relative))).StatusCode);
        // Alice's token in Bob's browser is a forged token for Bob.
        var stolen = await bob.SubmitQuizAsync(token, await bob.RightAnswersAsync(), htmx: true);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal(0, await bob.SubmittedAttemptCountAsync());
    }

    [Fact]
    public async Task Api_submission_is_graded_the_same_way_and_is_idempotent()
    {
        await using var student = app.NewStudent();
        await student.StepAsync(2);
        var open = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz", UriKind.Relative));
        string token = open.GetProperty("token").GetString()!;
        var answers = (await student.RightAnswersAsync()).GroupBy(a => a.Key)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? (object)g.Single().Value : g.Select(a => a.Value).ToArray());

        var first = await student.Http.PostAsJsonAsync(new Uri($"/api/quiz/attempts/{token}/submission", UriKind.Relative), new { answers });
        var second = await student.Http.PostAsJsonAsync(new Uri($"/api/quiz/attempts/{token}/submission", UriKind.Relative), new { answers });

        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(a.GetProperty("alreadySubmitted").GetBoolean());
        Assert.True(b.GetProperty("alreadySubmitted").GetBoolean());
        Assert.Equal(10, a.GetProperty("result").GetProperty("score").GetInt32());
        Assert.Equal(a.GetProperty("result").GetProperty("submittedAt").GetString(), b.GetProperty("result").GetProperty("submittedAt").GetString());
    }
}
