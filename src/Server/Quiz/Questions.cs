namespace BackpropServer.Server.Quiz;

/// <summary>How a question is answered and graded.</summary>
public enum QuestionKind
{
    /// <summary>One option is right.</summary>
    SingleChoice,

    /// <summary>Every right option and no wrong one must be ticked.</summary>
    MultipleChoice,

    /// <summary>A number within <see cref="Question.Tolerance"/> of <see cref="Question.NumericAnswer"/>.</summary>
    Numeric,

    /// <summary>Live: pick the connection with the largest |∂L/∂w| in the student's last step.</summary>
    LargestGradient,

    /// <summary>Live: say whether a chosen weight goes up or down in the next step; submitting runs that step.</summary>
    NextStepDirection,
}

/// <summary>An answer option: a stable id (what the form sends) and its text.</summary>
public sealed record Option(string Id, string Text);

/// <summary>
/// One question with its answer key and explanation. Questions live only on the server: the browser sees the prompt
/// and options until the attempt is submitted, never the key.
/// </summary>
public sealed record Question
{
    /// <summary>Stable within a question set version; it names the form field.</summary>
    public required string Id { get; init; }

    public required QuestionKind Kind { get; init; }

    /// <summary>The question as the student reads it (plain text; Unicode maths is fine).</summary>
    public required string Prompt { get; init; }

    /// <summary>Options for choice questions; empty otherwise.</summary>
    public IReadOnlyList<Option> Options { get; init; } = [];

    /// <summary>Ids of the right options for choice questions.</summary>
    public IReadOnlyList<string> CorrectOptions { get; init; } = [];

    public double? NumericAnswer { get; init; }

    /// <summary>Absolute tolerance for numeric answers; stated to the student in the prompt.</summary>
    public double Tolerance { get; init; }

    /// <summary>Why the right answer is right: shown after the attempt is submitted.</summary>
    public required string Explanation { get; init; }

    public bool IsLive => Kind is QuestionKind.LargestGradient or QuestionKind.NextStepDirection;
}

/// <summary>
/// A released set of questions. A released version is never edited: a change to any question is a new version, so an
/// old attempt is always explained and re-checked against exactly the questions it was graded on.
/// </summary>
public sealed record QuestionSet(int Version, IReadOnlyList<Question> Questions)
{
    public Question? Find(string id) => Questions.FirstOrDefault(q => q.Id == id);
}
