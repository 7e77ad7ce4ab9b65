using System.Globalization;
using System.Text.Json;

namespace BackpropServer.Server.Quiz;

/// <summary>A submitted attempt as the student sees it: the score, and each question right or wrong with its explanation.</summary>
public sealed record AttemptResult(int Number, int Score, int MaxScore, DateTime SubmittedAt, int QuestionSetVersion, IReadOnlyList<QuestionResult> Questions)
{
    public static AttemptResult Of(Attempt attempt, QuestionSet set)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(set);
        var byQuestion = attempt.Responses.ToDictionary(r => r.QuestionId, StringComparer.Ordinal);
        var questions = set.Questions
            .Where(q => byQuestion.ContainsKey(q.Id))
            .Select(q => QuestionResult.Of(q, byQuestion[q.Id]))
            .ToArray();
        return new AttemptResult(attempt.Number, attempt.Score ?? 0, attempt.MaxScore, attempt.SubmittedAt ?? attempt.StartedAt, attempt.QuestionSetVersion, questions);
    }
}

/// <summary>One graded question: what the student said, what was right, and why.</summary>
public sealed record QuestionResult(string Id, string Prompt, bool Correct, string YourAnswer, string RightAnswer, string Explanation, string? LiveDetail)
{
    public static QuestionResult Of(Question question, QuestionResponse response)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(response);
        JsonElement? live = response.LiveSnapshot is null ? null : JsonDocument.Parse(response.LiveSnapshot).RootElement.Clone();
        return question.Kind switch
        {
            QuestionKind.SingleChoice or QuestionKind.MultipleChoice => new(question.Id, question.Prompt, response.Correct,
                OptionText(question, response.Answer.Split(',')), OptionText(question, question.CorrectOptions), question.Explanation, null),
            QuestionKind.Numeric => new(question.Id, question.Prompt, response.Correct, Number(double.Parse(response.Answer, CultureInfo.InvariantCulture)),
                $"{Number(question.NumericAnswer!.Value)} (within ±{Number(question.Tolerance)})", question.Explanation, null),
            QuestionKind.LargestGradient => LargestGradient(question, response, live!.Value),
            QuestionKind.NextStepDirection => NextStep(question, response, live!.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Kind, "Unknown question kind."),
        };
    }

    private static QuestionResult LargestGradient(Question question, QuestionResponse response, JsonElement live)
    {
        var chosen = live.GetProperty("chosen");
        var top = live.GetProperty("top").EnumerateArray().ToArray();
        long step = live.GetProperty("step").GetInt64();
        string right = step == 0 || top.Length == 0
            ? "Your network had not taken a step yet, so every gradient was 0: train one step first."
            : $"{top[0].GetProperty("name").GetString()} (|∂L/∂w| = {Number(Math.Abs(top[0].GetProperty("gradient").GetDouble()))})";
        string detail = $"Graded on step {step} of your network. Largest three: " + string.Join("; ", top.Select(c =>
            $"{c.GetProperty("name").GetString()}, ∂L/∂w = {Number(c.GetProperty("gradient").GetDouble())}")) + ".";
        return new(question.Id, question.Prompt, response.Correct,
            $"{chosen.GetProperty("name").GetString()} (∂L/∂w = {Number(chosen.GetProperty("gradient").GetDouble())})", right, question.Explanation, detail);
    }

    private static QuestionResult NextStep(Question question, QuestionResponse response, JsonElement live)
    {
        double before = live.GetProperty("before").GetDouble(), after = live.GetProperty("after").GetDouble();
        string name = live.GetProperty("name").GetString()!;
        string right = after > before ? "It goes up" : after < before ? "It goes down" : "Neither: the weight did not move";
        string detail = after == before
            ? $"The step could not move {name}" + (live.GetProperty("diverged").GetBoolean() ? ": training had diverged. Reset your network in the lesson." : ".")
            : $"Step {live.GetProperty("stepAfter").GetInt64()} ran when you submitted: ∂L/∂w was {Number(live.GetProperty("gradient").GetDouble())}, "
              + $"so Δw = −η·∂L/∂w = −{Number(live.GetProperty("learningRate").GetDouble())} × {Number(live.GetProperty("gradient").GetDouble())} "
              + $"and {name} went from {Number(before)} to {Number(after)}.";
        return new(question.Id, question.Prompt, response.Correct, OptionText(question, [response.Answer]), right, question.Explanation, detail);
    }

    private static string OptionText(Question question, IEnumerable<string> ids) =>
        string.Join(" · ", ids.Select(id => question.Options.FirstOrDefault(o => o.Id == id)?.Text ?? id));

    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture).Replace('-', '−');
}
