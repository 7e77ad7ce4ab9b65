using BackpropServer.Engine.Numerics;

namespace BackpropServer.Engine.Model;

/// <summary>
/// A loss over a batch, defined as PyTorch defines it (reduction = mean), with each example's
/// loss written next to its derivative with respect to the network's output.
/// </summary>
public abstract class LossFunction
{
    /// <summary>ℓ(output, target) for one example.</summary>
    public abstract double ExampleLoss(double output, double target);

    /// <summary>∂ℓ/∂output for one example: the δ of the output neuron.</summary>
    public abstract double ExampleGradient(double output, double target);

    /// <summary>Whether an example counts as right (classification) — null where the idea does not apply.</summary>
    public abstract bool? IsCorrect(double output, double target);

    /// <summary>
    /// <c>loss = loss_fn(pred, y)</c>: the mean of the example losses. It also writes ∂L/∂output = ℓ′/n for each
    /// example into the graph (and 0 in the padding), ready for <see cref="Loss.Backward"/>.
    /// </summary>
    public Loss Forward(Prediction pred, ReadOnlySpan<double> targets)
    {
        ArgumentNullException.ThrowIfNull(pred);
        if (!pred.IsLive)
        {
            throw new InvalidOperationException("This prediction's graph has already been freed.");
        }
        int n = pred.Count;
        var logits = pred.Logits;
        var gradient = pred.OutputGradient;
        double sum = 0.0;
        for (int e = 0; e < n; e++)
        {
            sum += ExampleLoss(logits[e], targets[e]);
            gradient[e] = ExampleGradient(logits[e], targets[e]) / n;
        }
        gradient[n..].Clear();
        return new Loss(sum / n, pred);
    }

    /// <summary>Mean loss (and accuracy, where it applies) of a batch, without keeping a graph.</summary>
    public (double Loss, double? Accuracy) Evaluate(Prediction pred, ReadOnlySpan<double> targets)
    {
        ArgumentNullException.ThrowIfNull(pred);
        int n = pred.Count;
        var logits = pred.Logits;
        double sum = 0.0;
        int correct = 0;
        bool counts = false;
        for (int e = 0; e < n; e++)
        {
            sum += ExampleLoss(logits[e], targets[e]);
            if (IsCorrect(logits[e], targets[e]) is bool right)
            {
                counts = true;
                correct += right ? 1 : 0;
            }
        }
        return (n == 0 ? 0.0 : sum / n, counts ? (double)correct / n : null);
    }
}

/// <summary>
/// <c>nn.BCEWithLogitsLoss</c>: binary cross-entropy applied to σ(x), computed from the logit x
/// so that it never takes the log of 0: ℓ = max(x, 0) − x·y + log(1 + e^(−|x|)).
/// </summary>
public sealed class BceWithLogitsLoss : LossFunction
{
    public static readonly BceWithLogitsLoss Instance = new();

    public override double ExampleLoss(double output, double target) =>
        Math.Max(output, 0.0) - (output * target) + DeterministicMath.SoftplusOfNegAbs(output);

    // ∂ℓ/∂x = σ(x) − y: the plain "how wrong was the output" that backprop starts from.
    public override double ExampleGradient(double output, double target) => DeterministicMath.Sigmoid(output) - target;

    public override bool? IsCorrect(double output, double target) => (output >= 0.0) == (target >= 0.5);
}

/// <summary><c>nn.MSELoss</c>: ℓ = (x − y)².</summary>
public sealed class MseLoss : LossFunction
{
    public static readonly MseLoss Instance = new();

    public override double ExampleLoss(double output, double target) => (output - target) * (output - target);

    // ∂ℓ/∂x = 2(x − y)
    public override double ExampleGradient(double output, double target) => 2.0 * (output - target);

    public override bool? IsCorrect(double output, double target) => null;
}

/// <summary>The value of <c>loss</c>, and the handle that runs <c>loss.backward()</c> through its graph.</summary>
public readonly struct Loss
{
    private readonly Prediction _graph;

    internal Loss(double value, Prediction graph)
    {
        Value = value;
        _graph = graph;
    }

    /// <summary><c>loss.item()</c>.</summary>
    public double Value { get; }

    /// <summary>
    /// <c>loss.backward()</c>: adds ∂L/∂p into every parameter's <see cref="Parameter.Grad"/>, then frees the graph,
    /// so a second call fails just as it does in PyTorch.
    /// </summary>
    public void Backward()
    {
        var model = _graph?.Model ?? throw new InvalidOperationException(
            "Trying to backward through the graph a second time: the graph is freed after the first backward.");
        model.Backward(_graph);
        _graph.Dispose();
    }
}
