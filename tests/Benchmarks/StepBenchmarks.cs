using BackpropServer.Engine.Training;
using BenchmarkDotNet.Attributes;

namespace BackpropServer.Benchmarks;

/// <summary>
/// One full-batch training step on 200 training points: forward, loss, backward, SGD update, and the copy of every
/// gradient and update into the step record (what the page draws). The floor for 2-8-8-8-1 is 50 µs and 0 bytes.
/// </summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private TrainingSession _session = null!;

    [Params("2-4-4-1", "2-8-8-8-1")]
    public string Network { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int[] hidden = Network.Split('-')[1..^1].Select(int.Parse).ToArray();
        // 400 points at a 50% split: 200 training points, full batch. A small rate keeps it training, not diverging.
        _session = new TrainingSession(new TrainingConfig { HiddenLayers = hidden, Points = 400, TrainRatio = 0.5, LearningRate = 0.01 });
        _session.Train(10);
    }

    [Benchmark]
    public double Step() => _session.Step().BatchLoss;
}

/// <summary>What a snapshot adds on top of a step: metrics on the train and test sets and the 40×40 decision grid.</summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private readonly double[] _grid = new double[40 * 40];
    private TrainingSession _session = null!;

    [GlobalSetup]
    public void Setup() => _session = new TrainingSession(new TrainingConfig());

    [Benchmark]
    public Metrics Evaluate() => _session.Evaluate();

    [Benchmark]
    public double DecisionGrid()
    {
        _session.DecisionGrid(40, _grid);
        return _grid[0];
    }
}
