using System.Globalization;

namespace BackpropServer.Server.Quiz;

/// <summary>
/// Reads a submission's raw fields (question id → values, from a form or JSON) into one normalised answer per question,
/// or the problems, each keyed by its question id. Nothing is graded or stored while there is a problem.
/// </summary>
public static class Answers
{
    /// <summary>The hidden field that names the weight the next-step question asked about.</summary>
    public const string NextStepWeightField = "live-next-step-weight";

    public static (Dictionary<string, string> Answers, Dictionary<string, string[]> Errors) Parse(
        QuestionSet set, IReadOnlyDictionary<string, string[]> fields, IReadOnlySet<int> weightIndices)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(weightIndices);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string field in fields.Keys)
        {
            if (set.Find(field) is null && field != NextStepWeightField)
            {
                errors[field] = [$"There is no question \"{field}\" in this quiz."];
            }
        }
        foreach (var question in set.Questions)
        {
            string[] values = fields.TryGetValue(question.Id, out var given) ? given.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray() : [];
            string? problem = Read(question, values, weightIndices, out string answer);
            if (problem is not null)
            {
                errors[question.Id] = [problem];
            }
            else
            {
                answers[question.Id] = answer;
            }
        }
        if (set.Questions.Any(q => q.Kind == QuestionKind.NextStepDirection))
        {
            string weight = fields.TryGetValue(NextStepWeightField, out var w) ? string.Join("", w) : "";
            if (!TryParseIndex(weight, weightIndices, out _))
            {
                errors[NextStepWeightField] = ["The weight for the next-step question is missing or no longer in your network. Reload the quiz."];
            }
            else
            {
                answers[NextStepWeightField] = weight;
            }
        }
        return (answers, errors);
    }

    /// <summary>"0.128", "-0,128" or "1.2e-3": a decimal comma is read as a point, since many students write it.</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        string normal = text.Trim().Replace('−', '-');
        if (normal.Count(c => c == ',') == 1 && !normal.Contains('.', StringComparison.Ordinal))
        {
            normal = normal.Replace(',', '.');
        }
        return double.TryParse(normal, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public static bool TryParseIndex(string text, IReadOnlySet<int> allowed, out int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && allowed.Contains(index);

    private static string? Read(Question question, string[] values, IReadOnlySet<int> weightIndices, out string answer)
    {
        answer = "";
        switch (question.Kind)
        {
            case QuestionKind.SingleChoice:
            case QuestionKind.NextStepDirection:
                if (values.Length == 0)
                {
                    return "Choose an answer.";
                }
                if (values.Length > 1 || question.Options.All(o => o.Id != values[0]))
                {
                    return "Choose one of the options shown.";
                }
                answer = values[0];
                return null;
            case QuestionKind.MultipleChoice:
                if (values.Length == 0)
                {
                    return "Tick at least one option.";
                }
                if (values.Any(v => question.Options.All(o => o.Id != v)) || values.Distinct(StringComparer.Ordinal).Count() != values.Length)
                {
                    return "Tick only the options shown, each at most once.";
                }
                answer = string.Join(",", values.Order(StringComparer.Ordinal));
                return null;
            case QuestionKind.Numeric:
                if (values.Length == 0)
                {
                    return "Enter a number.";
                }
                if (values.Length > 1 || !TryParseNumber(values[0], out double number))
                {
                    return $"\"{Shorten(values[0])}\" is not a number. Write it like 0.125 or -1.5.";
                }
                answer = number.ToString("R", CultureInfo.InvariantCulture);
                return null;
            case QuestionKind.LargestGradient:
                if (values.Length == 0)
                {
                    return "Choose a connection.";
                }
                if (values.Length > 1 || !TryParseIndex(values[0], weightIndices, out _))
                {
                    return "Choose one of the connections listed; if your network changed since you opened the quiz, reload it.";
                }
                answer = values[0];
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(question), question.Kind, "Unknown question kind.");
        }
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
