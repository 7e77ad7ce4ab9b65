using System.ComponentModel.DataAnnotations;

namespace BackpropServer.Server.Lesson;

/// <summary>Settings of the live lesson, bound from the "Lesson" configuration section.</summary>
public sealed class LessonOptions
{
    public const string Section = "Lesson";

    /// <summary>A session nobody has touched for this long (and with no open tab) is forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Lesson:SessionIdleTimeout must be between 1 second and 7 days.")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many networks are kept in memory; past it the least recently used idle one goes first.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Lesson:MaxSessions must be between 1 and 1000000.")]
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>How often idle sessions are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Lesson:EvictionInterval must be between 0.1 seconds and 1 hour.")]
    public TimeSpan EvictionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Play mode's pace: steps (and snapshots) per second for each playing session; 20 at most.</summary>
    [Range(1, 20, ErrorMessage = "Lesson:PlayStepsPerSecond must be between 1 and 20.")]
    public int PlayStepsPerSecond { get; set; } = 20;
}
