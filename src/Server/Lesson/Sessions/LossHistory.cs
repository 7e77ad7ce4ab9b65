using BackpropServer.Engine.Training;

namespace BackpropServer.Server.Lesson.Sessions;

/// <summary>
/// Train and test loss after every step, for the loss chart. Kept as floats (the chart needs no more) and capped:
/// past <see cref="Capacity"/> points every other point is dropped, so a long run keeps its shape in bounded memory.
/// </summary>
public sealed class LossHistory
{
    public const int Capacity = 4096;

    private readonly List<LossPoint> _points = [];

    /// <summary>Keep one point in this many; doubles each time the history is thinned.</summary>
    public int Stride { get; private set; } = 1;

    public int Count => _points.Count;

    /// <summary>The metrics of the current weights, whether or not the thinning kept their point.</summary>
    public Metrics Latest { get; private set; } = new(null, null, null, null);

    public void Add(long step, Metrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Latest = metrics;
        if (step % Stride != 0)
        {
            return;
        }
        _points.Add(new LossPoint(step, ToFloat(metrics.TrainLoss), ToFloat(metrics.TestLoss)));
        if (_points.Count >= Capacity)
        {
            Stride *= 2;
            _points.RemoveAll(p => p.Step % Stride != 0);
        }
    }

    // A loss on its way to diverging can be a finite double beyond float's range: it is kept as the largest float.
    private static float? ToFloat(double? value) => value is double v ? (float)Math.Clamp(v, -float.MaxValue, float.MaxValue) : null;

    /// <summary>The points from <paramref name="fromStep"/> on.</summary>
    public IReadOnlyList<LossPoint> Since(long fromStep) => _points.Where(p => p.Step >= fromStep).ToArray();
}

public readonly record struct LossPoint(long Step, float? TrainLoss, float? TestLoss);
