// Tanh and the sigmoid, scalar and four lanes at a time, bit-identical to each other (see DeterministicMath.cs).

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropServer.Engine.Numerics;

public static partial class DeterministicMath
{
    /// <summary>Hyperbolic tangent (error &lt; 0.8 ulp); odd, keeps the sign of zero, ±∞ → ±1, NaN → NaN.
    /// Bit-identical to <see cref="Tanh(Vector256{double})"/> lane by lane.</summary>
    public static double Tanh(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double ax = Math.Min(Math.Abs(x), TanhClamp);
        double result;
        if (ax < TanhRationalLimit)
        {
            double s = ax * ax;
            double p = (((TanhP0 * s) + TanhP1) * s) + TanhP2;
            double q = ((((s + TanhQ0) * s) + TanhQ1) * s) + TanhQ2;
            result = ax + (ax * s * p / q);
        }
        else
        {
            // e^(-2|x|) = t + tau exactly (up to the kernel error); tanh = 1 - 2t/(1 + t) with the
            // rounding errors of t, 1 + t and 1 - q fed back as corrections.
            double a = ExpKernel(-2.0 * ax, out double k);
            double sc = Pow2(k); // k >= -64: one normal factor suffices
            double sa = sc * a;
            double t = sc - sa;
            double tau = (sc - t) - sa;
            double d = 1.0 + t;
            double dd = (1.0 - d) + t;
            double q = (t + t) / d;
            double corr = ((tau + tau) - (q * (dd + tau))) * (1.0 - (0.5 * q)); // 1 - q/2 = 1/(1 + t)
            double r1 = 1.0 - q;
            double e1 = (1.0 - r1) - q;
            result = r1 + (e1 - corr);
        }

        return Math.CopySign(result, x);
    }

    /// <summary>Logistic function 1/(1 + e^−x), computed without overflow (error &lt; 1.3 ulp; results
    /// below 2^-1022 are subnormal and within 1 unit of the subnormal grid). −∞ → 0, +∞ → 1, NaN → NaN.
    /// Bit-identical to <see cref="Sigmoid(Vector256{double})"/> lane by lane.</summary>
    public static double Sigmoid(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double ax = Math.Min(Math.Abs(x), -ExpKernelMin);
        double a = ExpKernel(-ax, out double k);
        double k1 = Math.Max(k, -ScaleClamp);
        double s1 = Pow2(k1);

        // e^(-|x|) = (t + tau)·2^(k - k1) exactly (up to the kernel error).
        double sa = s1 * a;
        double t = s1 - sa;
        double tau = (s1 - t) - sa;
        double d = 1.0 + t;
        double dd = (1.0 - d) + t;
        bool negative = x < 0.0;
        double num = negative ? t : 1.0;
        double numTail = negative ? tau : 0.0;
        double ratio = num / d;
        double inverseD = negative ? 1.0 - ratio : ratio; // ≈ 1/(1 + t) in both cases
        double corr = (numTail - (ratio * (dd + tau))) * inverseD;
        return (ratio + corr) * (negative ? Pow2(k - k1) : 1.0);
    }

    /// <summary>log(1 + e^(−|x|)), the overflow-free part of binary cross-entropy with logits
    /// (Log1P(Exp(−|x|))). ±∞ → 0, NaN → NaN.</summary>
    public static double SoftplusOfNegAbs(double x) => Log1P(Exp(-Math.Abs(x)));

    /// <summary>Lane-wise <see cref="Tanh(double)"/>; every lane bit-identical to the scalar result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> one = Vector256.Create(1.0);
        Vector256<double> ax = Vector256.Min(Vector256.Abs(x), Vector256.Create(TanhClamp));
        Vector256<double> rational = Vector256.LessThan(ax, Vector256.Create(TanhRationalLimit));

        // Rational branch (numerator and denominator only; the division is shared).
        Vector256<double> s = ax * ax;
        Vector256<double> p = (((Vector256.Create(TanhP0) * s) + Vector256.Create(TanhP1)) * s) + Vector256.Create(TanhP2);
        Vector256<double> qr = ((((s + Vector256.Create(TanhQ0)) * s) + Vector256.Create(TanhQ1)) * s) + Vector256.Create(TanhQ2);

        // Exponential branch.
        Vector256<double> a = ExpKernel(Vector256.Create(-2.0) * ax, out Vector256<double> k);
        Vector256<double> sc = Pow2(k);
        Vector256<double> sa = sc * a;
        Vector256<double> t = sc - sa;
        Vector256<double> tau = (sc - t) - sa;
        Vector256<double> d = one + t;
        Vector256<double> dd = (one - d) + t;

        Vector256<double> ratio = Vector256.ConditionalSelect(rational, ax * s * p, t + t) / Vector256.ConditionalSelect(rational, qr, d);

        Vector256<double> corr = ((tau + tau) - (ratio * (dd + tau))) * (one - (Vector256.Create(0.5) * ratio));
        Vector256<double> r1 = one - ratio;
        Vector256<double> e1 = (one - r1) - ratio;
        Vector256<double> result = Vector256.ConditionalSelect(rational, ax + ratio, r1 + (e1 - corr));
        result = Vector256.CopySign(result, x);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>Lane-wise <see cref="Sigmoid(double)"/>; every lane bit-identical to the scalar result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sigmoid(Vector256<double> x)
    {
        Vector256<double> one = Vector256.Create(1.0);
        Vector256<double> ax = Vector256.Min(Vector256.Abs(x), Vector256.Create(-ExpKernelMin));
        Vector256<double> a = ExpKernel(-ax, out Vector256<double> k);
        Vector256<double> k1 = Vector256.Max(k, Vector256.Create(-ScaleClamp));
        Vector256<double> s1 = Pow2(k1);
        Vector256<double> sa = s1 * a;
        Vector256<double> t = s1 - sa;
        Vector256<double> tau = (s1 - t) - sa;
        Vector256<double> d = one + t;
        Vector256<double> dd = (one - d) + t;
        Vector256<double> negative = Vector256.LessThan(x, Vector256<double>.Zero);
        Vector256<double> num = Vector256.ConditionalSelect(negative, t, one);
        Vector256<double> numTail = tau & negative;
        Vector256<double> ratio = num / d;
        Vector256<double> inverseD = Vector256.ConditionalSelect(negative, one - ratio, ratio);
        Vector256<double> corr = (numTail - (ratio * (dd + tau))) * inverseD;
        Vector256<double> result = (ratio + corr) * Vector256.ConditionalSelect(negative, Pow2(k - k1), one);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>result[i] = Tanh(x[i]), four lanes at a time; bit-identical to the scalar function, no
    /// allocations. <paramref name="result"/> may be the same memory as <paramref name="x"/> (in place)
    /// but must not otherwise overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is shorter than <paramref name="x"/>.</exception>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> result) => Apply<TanhFunction>(x, result);

    /// <summary>result[i] = Sigmoid(x[i]), four lanes at a time; bit-identical to the scalar function, no
    /// allocations. <paramref name="result"/> may be the same memory as <paramref name="x"/> (in place)
    /// but must not otherwise overlap it.</summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is shorter than <paramref name="x"/>.</exception>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> result) => Apply<SigmoidFunction>(x, result);

    // A struct type argument makes the JIT compile one loop per function with the calls inlined: no delegate in the
    // hot loop.
    private static void Apply<TFunction>(ReadOnlySpan<double> x, Span<double> result)
        where TFunction : struct, IElementFunction
    {
        if (result.Length < x.Length)
        {
            throw new ArgumentException("Destination is shorter than the source.", nameof(result));
        }

        ref double src = ref MemoryMarshal.GetReference(x);
        ref double dst = ref MemoryMarshal.GetReference(result);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        for (; i + 4 <= n; i += 4)
        {
            TFunction.Apply(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = TFunction.Apply(Unsafe.Add(ref src, i));
        }
    }

    private interface IElementFunction
    {
        static abstract double Apply(double x);

        static abstract Vector256<double> Apply(Vector256<double> x);
    }

    private readonly struct TanhFunction : IElementFunction
    {
        public static double Apply(double x) => Tanh(x);

        public static Vector256<double> Apply(Vector256<double> x) => Tanh(x);
    }

    private readonly struct SigmoidFunction : IElementFunction
    {
        public static double Apply(double x) => Sigmoid(x);

        public static Vector256<double> Apply(Vector256<double> x) => Sigmoid(x);
    }
}
