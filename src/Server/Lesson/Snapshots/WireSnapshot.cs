using System.Runtime.InteropServices;
using BackpropServer.Server.Lesson.Sessions;

namespace BackpropServer.Server.Lesson.Snapshots;

/// <summary>
/// The snapshot as pushed over SignalR: the same fields as <see cref="NetworkSnapshot"/>, with every number array
/// packed as little-endian float32 in base64, and without the decision grid: the page works that out from the weights
/// (1,600 forward passes are nothing for a browser, and would be most of the server's work per step). The default
/// network's snapshot stays well under 4 KB. Floats are plenty for drawing; the JSON API keeps full doubles and the grid.
/// </summary>
public sealed record WireSnapshot(
    long Version,
    int Generation,
    long Step,
    bool Diverged,
    bool Playing,
    double LearningRate,
    string Dataset,
    string Activation,
    string Head,
    int[] Layers,
    float BatchLoss,
    float? TrainLoss,
    float? TestLoss,
    float? TrainAccuracy,
    float? TestAccuracy,
    int BatchSize,
    string Parameters,
    string Gradients,
    string Updates,
    float[] LayerGradientNorms,
    int TracedPoint,
    string TraceZ,
    string TraceA,
    string TraceDelta)
{
    /// <summary>Reads a session's network for the page; call with the session's gate held.</summary>
    public static WireSnapshot Capture(StudentSession session) => From(NetworkSnapshot.Capture(session, withGrid: false));

    public static WireSnapshot From(NetworkSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new WireSnapshot(
            s.Version, s.Generation, s.Step, s.Diverged, s.Playing, s.LearningRate, s.Dataset, s.Activation, s.Head, s.Layers,
            ToFloat(s.BatchLoss), ToFloat(s.TrainLoss), ToFloat(s.TestLoss), ToFloat(s.TrainAccuracy), ToFloat(s.TestAccuracy), s.BatchSize,
            Pack(s.Parameters), Pack(s.Gradients), Pack(s.Updates), Array.ConvertAll(s.LayerGradientNorms, ToFloat),
            s.TracedPoint, Pack(s.TraceZ), Pack(s.TraceA), Pack(s.TraceDelta));
    }

    /// <summary>Doubles → float32 little-endian → base64 (the page reads it with a Float32Array).</summary>
    public static string Pack(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var floats = Array.ConvertAll(values, ToFloat);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Snapshots are packed little-endian.");
        }
        return Convert.ToBase64String(MemoryMarshal.AsBytes(floats.AsSpan()));
    }

    /// <summary>
    /// A weight on its way to blowing up can exceed float's range though it is a finite double; it is sent as the
    /// largest float rather than as ∞, which JSON cannot carry.
    /// </summary>
    public static float ToFloat(double value) => (float)Math.Clamp(value, -float.MaxValue, float.MaxValue);

    private static float? ToFloat(double? value) => value is double v ? ToFloat(v) : null;

    public static float[] Unpack(string packed) => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(packed)).ToArray();
}
