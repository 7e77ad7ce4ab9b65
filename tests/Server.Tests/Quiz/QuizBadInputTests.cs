using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Quiz;

/// <summary>Every bad submission gets a clear error by its question and stores nothing, not even part of the attempt.</summary>
public sealed class QuizBadInputTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    public static TheoryData<string, string, string, string> BadAnswers() => new()
    {
        // question changed, to what, the question the error names, and words the message uses
        { "blame-starts", "", "blame-starts", "Choose an answer" },
        { "blame-starts", "z", "blame-starts", "options shown" },
        { "hidden-gradient-needs", "", "hidden-gradient-needs", "Tick at least one" },
        { "hidden-gradient-needs", "q", "hidden-gradient-needs", "only the options shown" },
        { "weight-gradient", "", "weight-gradient", "Enter a number" },
        { "weight-gradient", "about a fifth", "weight-gradient", "is not a number" },
        { "weight-gradient", "NaN", "weight-gradient", "is not a number" },
        { "live-largest-gradient", "9999", "live-largest-gradient", "connections listed" },
        { "live-next-step", "sideways", "live-next-step", "options shown" },
        { "live-next-step-weight", "9999", "live-next-step-weight", "no longer in your network" },
        { "no-such-question", "b", "no-such-question", "no question" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Bad_answer_comes_back_as_400_tied_to_its_question_and_nothing_is_stored(string question, string value, string field, string message)
    {
        await using var student = app.NewStudent();
        await student.StepAsync();
        string token = await student.OpenQuizAsync();
        var answers = (await student.RightAnswersAsync()).Where(a => a.Key != question).ToList();
        if (value.Length > 0)
        {
            answers.Add(new(question, value));
        }

        var response = await student.SubmitQuizAsync(token, answers, htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, html, StringComparison.Ordinal);
        if (field != "live-next-step-weight" && field != "no-such-question")
        {
            Assert.Contains($"id=\"error-{field}\"", html, StringComparison.Ordinal);
            Assert.Contains($"aria-describedby=\"error-{field}\"", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await student.SubmittedAttemptCountAsync());
        Assert.Equal(1, (await student.GetSnapshotAsync()).Step);
        // The form keeps what was entered.
        Assert.Contains("value=\"-0.45\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task Forged_attempt_token_is_refused(string token)
    {
        await using var student = app.NewStudent();
        await student.OpenQuizAsync();

        var response = await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not belong to an attempt of yours", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await student.SubmittedAttemptCountAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Submission_without_the_antiforgery_token_is_refused(bool htmx)
    {
        await using var student = app.NewStudent();
        string token = await student.OpenQuizAsync();

        var response = await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await student.SubmittedAttemptCountAsync());
    }

    [Fact]
    public async Task Oversized_submission_is_refused()
    {
        await using var student = app.NewStudent();
        string token = await student.OpenQuizAsync();
        var answers = await student.RightAnswersAsync();
        answers.Add(new("padding", new string('x', 40_000)));

        var response = await student.SubmitQuizAsync(token, answers, htmx: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await student.SubmittedAttemptCountAsync());
    }

    [Theory]
    [InlineData("""{"answers": {"weight-gradient": "lots"}}""", "answers.weight-gradient")]
    [InlineData("""{"answers": {"blame-starts": {"nested": true}}}""", "answers.blame-starts")]
    [InlineData("""{"answers": []}""", "answers")]
    [InlineData("""{"answers": """, "body")]
    public async Task Bad_api_submission_is_a_400_problem_naming_the_field(string body, string field)
    {
        await using var student = app.NewStudent();
        var open = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz", UriKind.Relative));

        var response = await student.Http.PostAsync(
            new Uri($"/api/quiz/attempts/{open.GetProperty("token").GetString()}/submission", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await student.SubmittedAttemptCountAsync());
    }
}
