using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;

namespace BackpropServer.Server.Quiz;

/// <summary>What the quiz page and its fragments are rendered from.</summary>
public sealed record QuizView
{
    public required Attempt Attempt { get; init; }
    public required QuestionSet Set { get; init; }
    public required LiveNetwork Live { get; init; }
    public AttemptResult? Result { get; init; }
    public bool AlreadySubmitted { get; init; }
    public required IReadOnlyList<AttemptSummary> History { get; init; }

    /// <summary>"Year 12 Computing as Ada", when this device has joined a class: its teacher sees the results.</summary>
    public string? Membership { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>What the student had entered, to refill the form after an error.</summary>
    public IReadOnlyDictionary<string, string[]> Given { get; init; } = new Dictionary<string, string[]>();

    public required string AntiforgeryFieldName { get; init; }
    public required string AntiforgeryToken { get; init; }
    public required string HtmxHeaders { get; init; }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public bool WasGiven(string field, string value) => Given.TryGetValue(field, out var values) && values.Contains(value);

    public string GivenText(string field) => Given.TryGetValue(field, out var values) ? string.Join("", values) : "";

    public static async Task<QuizView> ReadAsync(
        QuizService quiz, string studentId, IAntiforgery antiforgery, HttpContext context, Attempt? attempt = null, AttemptResult? result = null)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(context);
        attempt ??= await quiz.OpenAttemptAsync(studentId, context.RequestAborted).ConfigureAwait(false);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var membership = await context.RequestServices.GetRequiredService<Classes.ClassService>().MembershipAsync(studentId, context.RequestAborted).ConfigureAwait(false);
        return new QuizView
        {
            Attempt = attempt,
            Set = QuestionBank.Find(attempt.QuestionSetVersion)!,
            Live = await quiz.LiveNetworkAsync(studentId, context.RequestAborted).ConfigureAwait(false),
            Result = result,
            History = await quiz.HistoryAsync(studentId, context.RequestAborted).ConfigureAwait(false),
            Membership = membership is var (className, name) ? $"{className} as {name}" : null,
            AntiforgeryFieldName = tokens.FormFieldName,
            AntiforgeryToken = tokens.RequestToken!,
            HtmxHeaders = JsonSerializer.Serialize(new Dictionary<string, string> { [tokens.HeaderName!] = tokens.RequestToken! }),
        };
    }
}
