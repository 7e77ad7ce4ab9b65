namespace BackpropServer.Server.Quiz;

/// <summary>A released question set as it was when it was first used, kept so old attempts can always be explained.</summary>
public sealed class QuestionSetRecord
{
    public int Version { get; set; }

    public string Json { get; set; } = "";

    public DateTime FirstUsedAt { get; set; }
}

public enum AttemptState
{
    InProgress = 0,
    Submitted = 1,
}

/// <summary>One go at the quiz by one student. Submitted once, whatever happens: the token makes the submit idempotent.</summary>
public sealed class Attempt
{
    public Guid Id { get; set; }

    /// <summary>Who took it: the browser's session id.</summary>
    public string StudentId { get; set; } = "";

    /// <summary>1, 2, 3… for each student.</summary>
    public int Number { get; set; }

    public int QuestionSetVersion { get; set; }

    /// <summary>The class the student was in when the attempt started, if any: its teacher sees it.</summary>
    public Guid? ClassroomId { get; set; }

    public Guid? EnrollmentId { get; set; }

    public AttemptState State { get; set; }

    /// <summary>Random, unguessable; the form carries it, and the submit names the attempt by it.</summary>
    public string Token { get; set; } = "";

    public DateTime StartedAt { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public int? Score { get; set; }

    public int MaxScore { get; set; }

    public List<QuestionResponse> Responses { get; set; } = [];
}

/// <summary>A student's answer to one question of one attempt, graded when the attempt was submitted.</summary>
public sealed class QuestionResponse
{
    public long Id { get; set; }

    public Guid AttemptId { get; set; }

    public string QuestionId { get; set; } = "";

    /// <summary>The answer as given: an option id, option ids joined by commas, a number, or a parameter index.</summary>
    public string Answer { get; set; } = "";

    public bool Correct { get; set; }

    public int Points { get; set; }

    /// <summary>For live questions: the numbers from the student's network the answer was graded against (JSON).</summary>
    public string? LiveSnapshot { get; set; }
}
