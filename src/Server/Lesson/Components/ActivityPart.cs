namespace BackpropServer.Server.Lesson.Components;

/// <summary>The parts of the activity that only work with JavaScript (hidden until lesson.js shows them).</summary>
public enum ActivityPart
{
    DiagramTools,
    Charts,
    Details,
}
