
using System.Net;
using System.Net.Http.Json;

using System.Text.Json;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BackpropServer.Server.Tests.Quiz;

/// <summary>What a student was told is saved stays saved: across restarts, races and a killed process.</summary>
public sealed class QuizDurabilityTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private string Folder => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_submission_is_still_there_after_the_app_restarts_on_the_same_file()
    {
        string sessionId;
        await using (var first = new FileDatabaseAppFactory(Folder))
        {
            await using var student = first.NewStudent();
            string token = await student.OpenQuizAsync();
            (await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: true)).EnsureSuccessStatusCode();
            sessionId = student.SessionId;
        }

        await using var second = new FileDatabaseAppFactory(Folder);
        await using var back = second.NewStudent();
        back.Cookies.Add(back.Http.BaseAddress!, new Cookie(SessionCookie.Name, sessionId));
        var result = await back.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz/attempts/1", UriKind.Relative));

        Assert.Equal(1, result.GetProperty("number").GetInt32());
        Assert.Equal(10, result.GetProperty("questions").GetArrayLength());
    }

    [Fact]
    public async Task A_hundred_students_submitting_at_once_are_all_stored_exactly_once()
    {
        await using var app = new FileDatabaseAppFactory(Folder);
        var students = Enumerable.Range(0, 100).Select(_ => app.NewStudent()).ToArray();
        var forms = await Task.WhenAll(students.Select(async s => (Student: s, Token: await s.OpenQuizAsync(), Answers: await AnyAnswersAsync(s))));

        var responses = await Task.WhenAll(forms.Select(f => f.Student.SubmitQuizAsync(f.Token, f.Answers, htmx: true)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var (attempts, answers, duplicates) = Count(app.DatabasePath);
        Assert.Equal(100, attempts);
        Assert.Equal(1000, answers);
        Assert.Equal(0, duplicates);
        foreach (var s in students)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_attempt_submitted_ten_times_at_once_is_stored_once()
    {
        await using var app = new FileDatabaseAppFactory(Folder);
        await using var student = app.NewStudent();
        await student.StepAsync();
        string token = await student.OpenQuizAsync();
        var answers = await AnyAnswersAsync(student);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => student.SubmitQuizAsync(token, answers, htmx: true)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        string[] bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Equal(9, bodies.Count(b => b.Contains("already submitted", StringComparison.Ordinal)));
        var (attempts, stored, duplicates) = Count(app.DatabasePath);
        Assert.Equal((1, 10, 0), (attempts, stored, duplicates));
        // The live next-step question ran its step once.
        Assert.Equal(2, (await student.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task An_acknowledged_submission_survives_kill_9_of_the_server_process()
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        int submitted;
        using (var server = await ServerProcess.StartAsync(Folder))
        {
            http.BaseAddress = server.BaseAddress;
            var open = await http.GetFromJsonAsync<JsonElement>(new Uri("api/quiz", UriKind.Relative));
            var answers = QuizStudent.ApiAnswers(open);
            var response = await http.PostAsJsonAsync(new Uri($"api/quiz/attempts/{open.GetProperty("token").GetString()}/submission", UriKind.Relative), new { answers });
            response.EnsureSuccessStatusCode();
            submitted = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetProperty("score").GetInt32();

            server.Kill();
        }

        using var restarted = await ServerProcess.StartAsync(Folder);
        http.BaseAddress ??= restarted.BaseAddress;
        var result = await http.GetFromJsonAsync<JsonElement>(new Uri(restarted.BaseAddress, "api/quiz/attempts/1"));
        Assert.Equal(submitted, result.GetProperty("score").GetInt32());
        Assert.Equal(10, result.GetProperty("questions").GetArrayLength());
    }

    private static async Task<List<KeyValuePair<string, string>>> AnyAnswersAsync(Student student)
    {
        var open = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz", UriKind.Relative));
        var live = open.GetProperty("live");
        return [.. QuizStudent.FixedAnswers, new("live-largest-gradient", live.GetProperty("connections")[0].GetProperty("id").GetString()!),
            new("live-next-step", "up"), new("live-next-step-weight", live.GetProperty("nextStepWeight").GetString()!)];
    }

    private static (long Attempts, long Answers, long Duplicates) Count(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
        return (Scalar("SELECT COUNT(*) FROM Attempts WHERE State = 1"), Scalar("SELECT COUNT(*) FROM Responses"),
            Scalar("SELECT COUNT(*) FROM (SELECT AttemptId, QuestionId FROM Responses GROUP BY AttemptId, QuestionId HAVING COUNT(*) > 1)"));
    }
}
