using BackpropServer.Engine.Data;

namespace BackpropServer.Engine.Model;

/// <summary>
/// The result of <c>pred = model(X)</c>: the output logits plus everything the forward pass kept for
/// the backward pass (every layer's z and a), as PyTorch keeps the autograd graph on <c>pred</c>.
/// Its buffers come from a small pool and go back once the graph is used by
/// <see cref="Loss.Backward"/> or disposed, so a training loop allocates nothing.
/// </summary>
public sealed class Prediction : IDisposable
{
    /// <summary>Most examples one forward pass takes; datasets are capped below it.</summary>
    public const int MaxExamples = 1024;

    private const int MaxLayers = NetworkLimits.MaxHiddenLayers + 1;
    private const int MaxWidth = NetworkLimits.MaxNeurons;

    private readonly double[][] _z = new double[MaxLayers][];
    private readonly double[][] _a = new double[MaxLayers][];
    private readonly double[][] _delta = new double[MaxLayers][];

    internal Prediction()
    {
        for (int l = 0; l < MaxLayers; l++)
        {
            _z[l] = new double[MaxWidth * MaxExamples];
            _a[l] = new double[MaxWidth * MaxExamples];
            _delta[l] = new double[MaxWidth * MaxExamples];
        }
    }

    internal Mlp? Model { get; private set; }

    internal Batch? Input { get; private set; }

    /// <summary>How many examples the prediction covers.</summary>
    public int Count => Input?.Count ?? 0;

    internal int Width => Input!.Width;

    internal bool IsLive => Model is not null;

    /// <summary>The output layer's z for each example: the logit (classification) or the predicted value (regression).</summary>
    public ReadOnlySpan<double> Logits => _z[Model!.Layers.Count - 1].AsSpan(0, Count);

    internal Span<double> Z(int layer, int neuron) => _z[layer].AsSpan(neuron * Width, Width);

    internal Span<double> A(int layer, int neuron) => _a[layer].AsSpan(neuron * Width, Width);

    internal Span<double> Delta(int layer, int neuron) => _delta[layer].AsSpan(neuron * Width, Width);

    /// <summary>Whole-layer views: rows of one layer are contiguous, so an activation runs over them in one call.</summary>
    internal Span<double> ZLayer(int layer, int neurons) => _z[layer].AsSpan(0, neurons * Width);

    internal Span<double> ALayer(int layer, int neurons) => _a[layer].AsSpan(0, neurons * Width);

    internal Span<double> DeltaLayer(int layer, int neurons) => _delta[layer].AsSpan(0, neurons * Width);

    /// <summary>∂L/∂logit for each example, written by the loss function's forward.</summary>
    internal Span<double> OutputGradient => Delta(Model!.Layers.Count - 1, 0);

    internal void Bind(Mlp model, Batch input)
    {
        Model = model;
        Input = input;
    }

    /// <summary>Frees the graph without a backward pass (inference). Safe to call twice.</summary>
    public void Dispose()
    {
        if (Model is null)
        {
            return;
        }
        Model = null;
        Input = null;
        PredictionPool.Return(this);
    }
}

/// <summary>A few ready graphs; at most two per core are kept, the rest are left to the GC.</summary>
internal static class PredictionPool
{
    private static readonly Stack<Prediction> Free = new();
    private static readonly int Keep = Environment.ProcessorCount * 2;

    public static Prediction Rent()
    {
        lock (Free)
        {
            if (Free.Count > 0)
            {
                return Free.Pop();
            }
        }
        return new Prediction();
    }

    public static void Return(Prediction prediction)
    {
        lock (Free)
        {
            if (Free.Count < Keep)
            {
                Free.Push(prediction);
            }
        }
    }
}
