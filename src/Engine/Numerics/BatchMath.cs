using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropServer.Engine.Numerics;

/// <summary>
/// The few vector kernels a training step needs, over rows whose length is a multiple of 4.
/// We use Vector256 (always four lanes, emulated where the CPU lacks AVX) rather than Vector&lt;T&gt;,
/// whose width changes with the machine: a sum's rounding depends on how it is split into lanes,
/// so a fixed split is what keeps losses bit-identical on every machine.
/// </summary>
internal static class BatchMath
{
    public const int Lanes = 4;

    /// <summary>Rounds a row length up to whole vectors.</summary>
    public static int Padded(int count) => (count + Lanes - 1) & ~(Lanes - 1);

    /// <summary>y ← y + a·x.</summary>
    public static void AddScaled(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ys = ref MemoryMarshal.GetReference(y);
        var scale = Vector256.Create(a);
        for (nuint i = 0; i < (nuint)y.Length; i += Lanes)
        {
            var sum = Vector256.LoadUnsafe(ref ys, i) + (scale * Vector256.LoadUnsafe(ref xs, i));
            sum.StoreUnsafe(ref ys, i);
        }
    }

    /// <summary>Σ x·y, accumulated lane-wise and then folded as (l0 + l1) + (l2 + l3).</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ys = ref MemoryMarshal.GetReference(y);
        var acc = Vector256<double>.Zero;
        for (nuint i = 0; i < (nuint)x.Length; i += Lanes)
        {
            acc += Vector256.LoadUnsafe(ref xs, i) * Vector256.LoadUnsafe(ref ys, i);
        }
        return Fold(acc);
    }

    /// <summary>Σ x, with the same lane split as <see cref="Dot"/>.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        var acc = Vector256<double>.Zero;
        for (nuint i = 0; i < (nuint)x.Length; i += Lanes)
        {
            acc += Vector256.LoadUnsafe(ref xs, i);
        }
        return Fold(acc);
    }

    /// <summary>y ← y ⊙ x.</summary>
    public static void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ys = ref MemoryMarshal.GetReference(y);
        for (nuint i = 0; i < (nuint)y.Length; i += Lanes)
        {
            (Vector256.LoadUnsafe(ref ys, i) * Vector256.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
        }
    }

    /// <summary>True when no element is NaN or ±∞.</summary>
    public static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fold(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));
}
