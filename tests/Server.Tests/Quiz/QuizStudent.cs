using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Quiz;

/// <summary>What a student does on the quiz page, and the answers that earn full marks on question set 1.</summary>
public static partial class QuizStudent
{
    /// <summary>The keyed answers to the eight fixed questions of version 1.</summary>
    public static readonly KeyValuePair<string, string>[] FixedAnswers =
    [
        new("blame-starts", "b"),
        new("relu-off", "c"),
        new("zero-grad", "d"),
        new("hidden-gradient-needs", "a"),
        new("hidden-gradient-needs", "b"),
        new("step-truths", "a"),
        new("step-truths", "c"),
        new("step-truths", "e"),
        new("weight-gradient", "-0.217"),
        new("sgd-update", "-0.45"),
        new("hidden-delta", "0.1024"),
    ];

    /// <summary>Opens the quiz page; returns its attempt token.</summary>
    public static async Task<string> OpenQuizAsync(this Student student)
    {
        string html = await student.OpenPageAsync("/quiz");
        return AttemptToken().Match(html).Groups[1].Value;
    }

    /// <summary>Every answer right: the fixed ones, and the live ones worked out from the student's own network.</summary>
    public static async Task<List<KeyValuePair<string, string>>> RightAnswersAsync(this Student student)
    {
        var open = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz", UriKind.Relative));
        var snapshot = await student.GetSnapshotAsync();
        var weights = open.GetProperty("live").GetProperty("connections").EnumerateArray().Select(c => int.Parse(c.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        int largest = weights.MaxBy(k => Math.Abs(snapshot.Gradients[k]));
        string weight = open.GetProperty("live").GetProperty("nextStepWeight").GetString()!;
        // The next full-batch step's gradient is the gradient at the current weights, which the gradient check reports.
        var check = await student.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/network/gradient-check/{weight}", UriKind.Relative));
        string direction = check.GetProperty("backprop").GetDouble() > 0 ? "down" : "up";
        return [.. FixedAnswers, new("live-largest-gradient", largest.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("live-next-step", direction), new("live-next-step-weight", weight)];
    }

    /// <summary>
    /// A complete, valid answer sheet for the JSON API, from an open attempt (GET /api/quiz): the keyed answers to the
    /// fixed questions, and the first connection and "up" for the live ones (right or wrong, but well-formed).
    /// </summary>
    public static Dictionary<string, string[]> ApiAnswers(JsonElement open)
    {
        var live = open.GetProperty("live");
        var answers = FixedAnswers.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Select(a => a.Value).ToArray());
        answers["live-largest-gradient"] = [live.GetProperty("connections")[0].GetProperty("id").GetString()!];
        answers["live-next-step"] = ["up"];
        answers["live-next-step-weight"] = [live.GetProperty("nextStepWeight").GetString()!];
        return answers;
    }

    public static Task<HttpResponseMessage> SubmitQuizAsync(this Student student, string attemptToken, IEnumerable<KeyValuePair<string, string>> answers, bool htmx, bool withToken = true) =>
        student.PostFormAsync("/quiz/submit", [new("attemptToken", attemptToken), .. answers], htmx, withToken);

    public static async Task<int> SubmittedAttemptCountAsync(this Student student)
    {
        var history = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/quiz/attempts", UriKind.Relative));
        return history.EnumerateArray().Count(a => a.GetProperty("state").GetString() == "submitted");
    }

    [GeneratedRegex("name=\"attemptToken\" value=\"([0-9a-f]+)\"")]
    private static partial Regex AttemptToken();
}
