using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BackpropServer.Engine.Numerics;

namespace BackpropServer.Engine.Model;

public enum ActivationKind
{
    Tanh,
    Relu,
    Sigmoid,
    Linear,
}

/// <summary>
/// A neuron's non-linearity a = f(z) next to its derivative f′(z), which backprop multiplies into δ.
/// Each has a scalar form (readable, used to trace one example) and a row form (the training hot loop);
/// both do the same arithmetic, so a traced value equals the batch value bit for bit.
/// </summary>
public abstract class Activation
{
    public abstract ActivationKind Kind { get; }

    /// <summary>a = f(z).</summary>
    public abstract double Apply(double z);

    /// <summary>f′(z), given a = f(z) as well because for tanh and sigmoid it is cheaper in terms of a.</summary>
    public abstract double Derivative(double z, double a);

    public abstract void Apply(ReadOnlySpan<double> z, Span<double> a);

    /// <summary>δ ← δ ⊙ f′(z): turns ∂L/∂a into ∂L/∂z.</summary>
    public abstract void MultiplyByDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> delta);

    public static Activation For(ActivationKind kind) => kind switch
    {
        ActivationKind.Tanh => TanhActivation.Instance,
        ActivationKind.Relu => ReluActivation.Instance,
        ActivationKind.Sigmoid => SigmoidActivation.Instance,
        ActivationKind.Linear => LinearActivation.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };
}

public sealed class TanhActivation : Activation
{
    public static readonly TanhActivation Instance = new();
    public override ActivationKind Kind => ActivationKind.Tanh;

    public override double Apply(double z) => DeterministicMath.Tanh(z);

    // tanh′(z) = 1 − tanh²(z)
    public override double Derivative(double z, double a) => 1.0 - (a * a);

    public override void Apply(ReadOnlySpan<double> z, Span<double> a) => DeterministicMath.Tanh(z, a);

    public override void MultiplyByDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> delta)
    {
        ref double aa = ref MemoryMarshal.GetReference(a);
        ref double dd = ref MemoryMarshal.GetReference(delta);
        var one = Vector256.Create(1.0);
        for (nuint i = 0; i < (nuint)delta.Length; i += BatchMath.Lanes)
        {
            var av = Vector256.LoadUnsafe(ref aa, i);
            (Vector256.LoadUnsafe(ref dd, i) * (one - (av * av))).StoreUnsafe(ref dd, i);
        }
    }
}

public sealed class SigmoidActivation : Activation
{
    public static readonly SigmoidActivation Instance = new();
    public override ActivationKind Kind => ActivationKind.Sigmoid;

    public override double Apply(double z) => DeterministicMath.Sigmoid(z);

    // σ′(z) = σ(z)·(1 − σ(z))
    public override double Derivative(double z, double a) => a * (1.0 - a);

    public override void Apply(ReadOnlySpan<double> z, Span<double> a) => DeterministicMath.Sigmoid(z, a);

    public override void MultiplyByDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> delta)
    {
        ref double aa = ref MemoryMarshal.GetReference(a);
        ref double dd = ref MemoryMarshal.GetReference(delta);
        var one = Vector256.Create(1.0);
        for (nuint i = 0; i < (nuint)delta.Length; i += BatchMath.Lanes)
        {
            var av = Vector256.LoadUnsafe(ref aa, i);
            (Vector256.LoadUnsafe(ref dd, i) * (av * (one - av))).StoreUnsafe(ref dd, i);
        }
    }
}

public sealed class ReluActivation : Activation
{
    public static readonly ReluActivation Instance = new();
    public override ActivationKind Kind => ActivationKind.Relu;

    public override double Apply(double z) => z > 0.0 ? z : 0.0;

    // The kink at 0 takes derivative 0, as PyTorch does.
    public override double Derivative(double z, double a) => z > 0.0 ? 1.0 : 0.0;

    public override void Apply(ReadOnlySpan<double> z, Span<double> a)
    {
        ref double zz = ref MemoryMarshal.GetReference(z);
        ref double aa = ref MemoryMarshal.GetReference(a);
        for (nuint i = 0; i < (nuint)a.Length; i += BatchMath.Lanes)
        {
            var zv = Vector256.LoadUnsafe(ref zz, i);
            Vector256.ConditionalSelect(Vector256.GreaterThan(zv, Vector256<double>.Zero), zv, Vector256<double>.Zero).StoreUnsafe(ref aa, i);
        }
    }

    public override void MultiplyByDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> delta)
    {
        ref double zz = ref MemoryMarshal.GetReference(z);
        ref double dd = ref MemoryMarshal.GetReference(delta);
        for (nuint i = 0; i < (nuint)delta.Length; i += BatchMath.Lanes)
        {
            var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref zz, i), Vector256<double>.Zero);
            Vector256.ConditionalSelect(positive, Vector256.LoadUnsafe(ref dd, i), Vector256<double>.Zero).StoreUnsafe(ref dd, i);
        }
    }
}

public sealed class LinearActivation : Activation
{
    public static readonly LinearActivation Instance = new();
    public override ActivationKind Kind => ActivationKind.Linear;

    public override double Apply(double z) => z;

    public override double Derivative(double z, double a) => 1.0;

    public override void Apply(ReadOnlySpan<double> z, Span<double> a) => z.CopyTo(a);

    public override void MultiplyByDerivative(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Span<double> delta)
    {
        // f′ = 1: δ passes through unchanged.
    }
}
