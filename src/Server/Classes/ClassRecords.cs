namespace BackpropServer.Server.Classes;

/// <summary>A teacher's class: students join it with its code while it is open.</summary>
public sealed class Classroom
{
    public Guid Id { get; set; }

    /// <summary>The owning teacher's account id: every lookup of a class is filtered by it.</summary>
    public string TeacherId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Six characters from an alphabet without look-alikes (no 0/O, 1/I/L); unique.</summary>
    public string JoinCode { get; set; } = "";

    public bool IsOpen { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public List<Enrollment> Enrollments { get; set; } = [];
}

/// <summary>A student in a class: a display name and the device (browser session) that joined with it.</summary>
public sealed class Enrollment
{
    public Guid Id { get; set; }

    public Guid ClassroomId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Upper-cased, trimmed, inner spaces collapsed: two students may not share it in one class.</summary>
    public string NormalizedName { get; set; } = "";

    /// <summary>The browser's session id, which the quiz uses as the student id.</summary>
    public string StudentId { get; set; } = "";

    public DateTime JoinedAt { get; set; }
}
