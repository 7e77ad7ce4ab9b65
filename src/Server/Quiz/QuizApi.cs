using System.Globalization;
using System.Text.Json;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Lesson.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BackpropServer.Server.Quiz;

/// <summary>
/// The quiz as JSON, for tools (and the load tester): the same attempts, grading and idempotent submit as the page.
/// Questions come without their keys; a result comes only after the submit.
/// </summary>
public static class QuizApi
{
    public static IEndpointRouteBuilder MapQuizApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/quiz").WithTags("Quiz").DisableAntiforgery().ProducesValidationProblem()
            .WithMetadata(new RequestSizeLimitAttribute(QuizEndpoints.MaxFormBytes));
        api.MapGet("/", OpenAsync).WithSummary("The open attempt (started if there is none): its token and questions, without answers.");
        api.MapPost("/attempts", StartAsync).WithSummary("Starts a new attempt, or returns the open one.");
        api.MapGet("/attempts", HistoryAsync).WithSummary("Your attempts, newest first.");
        api.MapGet("/attempts/{number:int}", ResultAsync).WithSummary("A submitted attempt's result.");
        api.MapPost("/attempts/{token}/submission", SubmitAsync).Accepts<SubmissionRequest>("application/json")
            .WithSummary("Submits answers. Idempotent: submitting an attempt again returns its first result.");
        return app;
    }

    private static async Task<Ok<OpenAttempt>> OpenAsync(HttpContext context, QuizService quiz)
    {
        string student = SessionCookie.GetOrIssue(context);
        var attempt = await quiz.OpenAttemptAsync(student, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(OpenAttempt.Of(attempt, await quiz.LiveNetworkAsync(student, context.RequestAborted).ConfigureAwait(false)));
    }

    private static async Task<Ok<OpenAttempt>> StartAsync(HttpContext context, QuizService quiz)
    {
        string student = SessionCookie.GetOrIssue(context);
        var attempt = await quiz.StartAttemptAsync(student, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(OpenAttempt.Of(attempt, await quiz.LiveNetworkAsync(student, context.RequestAborted).ConfigureAwait(false)));
    }

    private static async Task<Ok<IReadOnlyList<AttemptSummary>>> HistoryAsync(HttpContext context, QuizService quiz) =>
        TypedResults.Ok(await quiz.HistoryAsync(SessionCookie.GetOrIssue(context), context.RequestAborted).ConfigureAwait(false));

    private static async Task<Results<Ok<AttemptResult>, NotFound>> ResultAsync(int number, HttpContext context, QuizService quiz) =>
        await quiz.ResultAsync(SessionCookie.GetOrIssue(context), number, context.RequestAborted).ConfigureAwait(false) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.NotFound();

    private static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(string token, HttpContext context, QuizService quiz)
    {
        if (!context.Request.HasJsonContentType())
        {
            return ApiJson.Problem("body", "Send a JSON body with Content-Type: application/json.");
        }
        string? text = await ApiJson.ReadTextAsync(context.Request, QuizEndpoints.MaxFormBytes).ConfigureAwait(false);
        if (text is null)
        {
            return QuizEndpoints.TooLarge();
        }
        var (fields, problem) = ReadAnswers(text);
        if (problem is not null)
        {
            return problem;
        }
        var outcome = await quiz.SubmitAsync(SessionCookie.GetOrIssue(context), token, fields!, context.RequestAborted).ConfigureAwait(false);
        return outcome.Result is { } result
            ? TypedResults.Ok(new SubmissionResponse(outcome.AlreadySubmitted, result))
            : TypedResults.ValidationProblem(outcome.Errors!.ToDictionary(e => e.Key == "attemptToken" ? "token" : "answers." + e.Key, e => e.Value));
    }

    /// <summary>{"answers": {"id": "b", "other": ["a", "c"], "number": 0.5}} → question id → values.</summary>
    private static (Dictionary<string, string[]>? Fields, ValidationProblem? Problem) ReadAnswers(string text)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException e)
        {
            return (null, ApiJson.Problem("body", "The body is not valid JSON: " + e.Message));
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiJson.Problem("answers", "Send {\"answers\": {\"question-id\": answer, …}}."));
        }
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var property in answers.EnumerateObject())
        {
            string[]? values = property.Value.ValueKind switch
            {
                JsonValueKind.String => [property.Value.GetString()!],
                JsonValueKind.Number => [property.Value.GetRawText()],
                JsonValueKind.Array when property.Value.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
                    property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray(),
                _ => null,
            };
            if (values is null)
            {
                return (null, ApiJson.Problem("answers." + property.Name, "An answer is a string, a number, or a list of option ids."));
            }
            fields[property.Name] = values;
        }
        return (fields, null);
    }
}

public sealed record SubmissionRequest(IReadOnlyDictionary<string, JsonElement> Answers);

public sealed record SubmissionResponse(bool AlreadySubmitted, AttemptResult Result);

/// <summary>An open attempt as the API shows it: the questions without keys or explanations.</summary>
public sealed record OpenAttempt(int Number, string Token, int QuestionSetVersion, IReadOnlyList<QuestionView> Questions, LiveView Live)
{
    public static OpenAttempt Of(Attempt attempt, LiveNetwork live)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(live);
        var set = QuestionBank.Find(attempt.QuestionSetVersion)!;
        return new OpenAttempt(attempt.Number, attempt.Token, set.Version,
            set.Questions.Select(q => new QuestionView(q.Id, Names.Of(q.Kind), q.Prompt, q.Options)).ToArray(),
            new LiveView(live.Step, live.Connections.Select(c => new ConnectionView(c.Index.ToString(CultureInfo.InvariantCulture), c.Name)).ToArray(),
                live.SuggestedWeight.ToString(CultureInfo.InvariantCulture)));
    }
}

public sealed record QuestionView(string Id, string Kind, string Prompt, IReadOnlyList<Option> Options);

/// <summary>What the live questions need: the connections to choose from, and the weight the next-step question is about.</summary>
public sealed record LiveView(long Step, IReadOnlyList<ConnectionView> Connections, string NextStepWeight);

public sealed record ConnectionView(string Id, string Name);
