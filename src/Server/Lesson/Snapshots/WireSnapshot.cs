using System.Runtime.InteropServices;
using BackpropServer.Server.Lesson.Sessions;

namespace BackpropServer.Server.Lesson.Snapshots;

/// <summary>
/// The snapshot as pushed over SignalR: the same fields as <see cref="NetworkSnapshot"/>, with every number array
/// packed as little-endian float32 (JSON writes a byte array as base64, straight from the bytes), and without the
/// decision grid: the page works that out from the weights (1,600 forward passes are nothing for a browser, and were
/// most of the server's work per step). The default network's snapshot is about 1.3 KB. Floats are plenty for
/// drawing; the JSON API keeps full doubles and the grid.
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
    byte[] Parameters,
    byte[] Gradients,
    byte[] Updates,
    float[] LayerGradientNorms,
    int TracedPoint,
    byte[] TraceZ,
    byte[] TraceA,
    byte[] TraceDelta)
{
    /// <summary>
    /// Reads a session's network for the page; call with the session's gate held. Packs straight from the network's own
    /// arrays: this runs on every step of every student, and copies made only to be packed were garbage to collect.
    /// </summary>
    public static WireSnapshot Capture(StudentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var training = session.Training;
        var record = training.LastStep;
        var metrics = session.History.Latest;
        var config = training.Config;
        Span<double> parameters = stackalloc double[training.Model.ParameterCount];
        training.Model.CopyValuesTo(parameters);
        return new WireSnapshot(
            session.Version, session.Generation, training.StepCount, training.Diverged, session.Playing, config.LearningRate,
            Names.Of(config.Dataset), Names.Of(config.Activation), Names.Of(config.Head), NetworkSnapshot.LayerSizes(training.Model),
            ToFloat(record.BatchLoss), ToFloat(metrics.TrainLoss), ToFloat(metrics.TestLoss), ToFloat(metrics.TrainAccuracy), ToFloat(metrics.TestAccuracy),
            config.StepBatchSize, Pack(parameters), Pack(record.Gradients), Pack(record.Updates), Array.ConvertAll(record.LayerGradientNorms, ToFloat),
            record.TracedPoint, Pack(record.TraceZ), Pack(record.TraceA), Pack(record.TraceDelta));
    }

    /// <summary>Doubles → float32 little-endian bytes (base64 in JSON; the page reads them with a Float32Array).</summary>
    public static byte[] Pack(ReadOnlySpan<double> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Snapshots are packed little-endian.");
        }
        var bytes = new byte[values.Length * sizeof(float)];
        var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        for (int k = 0; k < values.Length; k++)
        {
            floats[k] = ToFloat(values[k]);
        }
        return bytes;
    }

    /// <summary>
    /// A weight on its way to blowing up can exceed float's range though it is a finite double; it is sent as the
    /// largest float rather than as ∞, which JSON cannot carry.
    /// </summary>
    public static float ToFloat(double value) => (float)Math.Clamp(value, -float.MaxValue, float.MaxValue);

    private static float? ToFloat(double? value) => value is double v ? ToFloat(v) : null;

    public static float[] Unpack(byte[] packed) => MemoryMarshal.Cast<byte, float>(packed).ToArray();
}
