namespace BackpropServer.Engine.Training;

/// <summary>
/// Everything the last training step exposes for drawing "blame", kept in buffers that are reused every step.
/// Gradients are those of that step's backward pass, taken before the update; for plain SGD,
/// <c>Updates[k] = −η · Gradients[k]</c> exactly. Flat indices follow <see cref="Model.Mlp.CopyValuesTo"/>:
/// layer by layer, each layer's weights (row = receiving neuron) then its biases.
/// Neuron indices run over the inputs, then each hidden layer, then the output neuron.
/// </summary>
public sealed class StepRecord
{
    internal StepRecord(int parameters, int neurons, int layers, int maxBatch)
    {
        Gradients = new double[parameters];
        Updates = new double[parameters];
        LayerGradientNorms = new double[layers];
        TraceZ = new double[neurons];
        TraceA = new double[neurons];
        TraceDelta = new double[neurons];
        BatchExamples = new int[maxBatch];
    }

    /// <summary>The step number this record belongs to (0 before the first step).</summary>
    public long Step { get; internal set; }

    /// <summary>The mean loss over the step's batch, before the update; 0 before the first step.</summary>
    public double BatchLoss { get; internal set; }

    /// <summary>True when the step's loss or gradients were not finite: nothing was changed.</summary>
    public bool Diverged { get; internal set; }

    public double[] Gradients { get; }

    public double[] Updates { get; }

    /// <summary>‖∂L/∂(W, b)‖₂ of each layer, input side first.</summary>
    public double[] LayerGradientNorms { get; }

    /// <summary>The training examples the step used (all of them for full-batch steps).</summary>
    public ReadOnlySpan<int> Batch => BatchExamples.AsSpan(0, BatchCount);

    internal int[] BatchExamples { get; }

    internal int BatchCount { get; set; }

    /// <summary>The point traced through the step (index over training points, then test points).</summary>
    public int TracedPoint { get; internal set; }

    /// <summary>Each neuron's pre-activation z for the traced point (the input's own value for input neurons).</summary>
    public double[] TraceZ { get; }

    /// <summary>Each neuron's activation a = f(z) for the traced point.</summary>
    public double[] TraceA { get; }

    /// <summary>
    /// Each neuron's error signal δ = ∂ℓ/∂z for the traced point's own loss ℓ (not divided by the batch size;
    /// the batch gradient is the mean of δ_j·a_i over the batch). For input neurons, ∂ℓ/∂x.
    /// </summary>
    public double[] TraceDelta { get; }
}
