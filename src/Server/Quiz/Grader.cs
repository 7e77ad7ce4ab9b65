using System.Globalization;

namespace BackpropServer.Server.Quiz;

/// <summary>Grades one answer against its question's key (or, for live questions, against the student's network).</summary>
public static class Grader
{
    public sealed record GradeResult(bool Correct, object? LiveSnapshot);

    public static GradeResult Grade(Question question, string answer, LiveFacts live)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(live);
        return question.Kind switch
        {
            QuestionKind.SingleChoice => new(question.CorrectOptions.Count == 1 && question.CorrectOptions[0] == answer, null),
            QuestionKind.MultipleChoice => new(
                answer.Split(',').Order(StringComparer.Ordinal).SequenceEqual(question.CorrectOptions.Order(StringComparer.Ordinal)), null),
            QuestionKind.Numeric => new(
                Answers.TryParseNumber(answer, out double value) && IsWithin(value, question.NumericAnswer!.Value, question.Tolerance), null),
            QuestionKind.LargestGradient => GradeLargest(answer, live.Largest!),
            QuestionKind.NextStepDirection => GradeNextStep(answer, live.NextStep!),
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Kind, "Unknown question kind."),
        };
    }

    /// <summary>Inclusive: an answer exactly at the stated tolerance counts (a small allowance absorbs decimal rounding).</summary>
    public static bool IsWithin(double value, double answer, double tolerance) =>
        Math.Abs(value - answer) <= tolerance + (1e-9 * Math.Max(1.0, Math.Abs(answer)));

    // Any connection tied for the largest |∂L/∂w| is right. Before the first step every gradient is 0: nothing is.
    private static GradeResult GradeLargest(string answer, LargestGradientFacts facts)
    {
        int chosen = int.Parse(answer, CultureInfo.InvariantCulture);
        var pick = facts.All.First(c => c.Index == chosen);
        bool correct = facts.Step > 0 && facts.LargestMagnitude > 0 && Math.Abs(pick.Gradient) == facts.LargestMagnitude;
        return new(correct, new { facts.Step, facts.Generation, Chosen = pick, facts.Top });
    }

    private static GradeResult GradeNextStep(string answer, NextStepFacts facts)
    {
        string? actual = facts.After > facts.Before ? "up" : facts.After < facts.Before ? "down" : null;
        return new(actual is not null && actual == answer, facts);
    }
}
