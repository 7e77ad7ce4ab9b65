using System.Collections.Concurrent;

namespace BackpropServer.Engine.Data;

/// <summary>The cell centres of a square grid over [−6, 6]², shared by every session and cut into forward-pass-sized batches.</summary>
internal static class DecisionGridPoints
{
    public const int MaxResolution = 100;
    private static readonly ConcurrentDictionary<int, Batch[]> Cache = new();

    public static Batch[] For(int resolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolution, MaxResolution);
        return Cache.GetOrAdd(resolution, Build);
    }

    private static Batch[] Build(int resolution)
    {
        int cells = resolution * resolution;
        const int PerBatch = Model.Prediction.MaxExamples;
        var batches = new Batch[(cells + PerBatch - 1) / PerBatch];
        double cell = 2.0 * Dataset.Extent / resolution;
        for (int k = 0; k < cells; k++)
        {
            int row = k / resolution, column = k % resolution;
            var batch = batches[k / PerBatch] ??= new Batch(Math.Min(PerBatch, cells - (k / PerBatch * PerBatch)));
            batch.Add(-Dataset.Extent + ((column + 0.5) * cell), Dataset.Extent - ((row + 0.5) * cell), 0.0);
        }
        return batches;
    }
}
