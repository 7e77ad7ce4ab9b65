// Sine and cosine: fdlibm kernels after Cody–Waite reduction by π/2 (see DeterministicMath.cs for the why and the accuracy).

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropServer.Engine.Numerics;

public static partial class DeterministicMath
{
    /// <summary>Sine, fdlibm __kernel_sin after Cody–Waite reduction by π/2 (error &lt; 1 ulp).
    /// NaN/±∞ → NaN.</summary>
    /// <exception cref="ArgumentOutOfRangeException">|x| &gt; <see cref="MaxTrigArgument"/>, where this
    /// reduction would lose accuracy.</exception>
    public static double Sin(double x)
    {
        int ix = HighWord(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb)
        {
            return KernelSin(x, 0.0, false); // |x| <= π/4
        }

        if (ix >= 0x7ff00000)
        {
            return double.IsNaN(x) ? x : double.NaN;
        }

        if (Math.Abs(x) > MaxTrigArgument)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "|x| must not exceed DeterministicMath.MaxTrigArgument.");
        }

        int n = RemPio2(x, out double y0, out double y1);
        return (n & 3) switch
        {
            0 => KernelSin(y0, y1, true),
            1 => KernelCos(y0, y1),
            2 => -KernelSin(y0, y1, true),
            _ => -KernelCos(y0, y1),
        };
    }

    /// <summary>Cosine, fdlibm __kernel_cos after Cody–Waite reduction by π/2 (error &lt; 1 ulp).
    /// NaN/±∞ → NaN.</summary>
    /// <exception cref="ArgumentOutOfRangeException">|x| &gt; <see cref="MaxTrigArgument"/>, where this
    /// reduction would lose accuracy.</exception>
    public static double Cos(double x)
    {
        int ix = HighWord(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb)
        {
            return KernelCos(x, 0.0); // |x| <= π/4
        }

        if (ix >= 0x7ff00000)
        {
            return double.IsNaN(x) ? x : double.NaN;
        }

        if (Math.Abs(x) > MaxTrigArgument)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "|x| must not exceed DeterministicMath.MaxTrigArgument.");
        }

        int n = RemPio2(x, out double y0, out double y1);
        return (n & 3) switch
        {
            0 => KernelCos(y0, y1),
            1 => -KernelSin(y0, y1, true),
            2 => -KernelCos(y0, y1),
            _ => KernelSin(y0, y1, true),
        };
    }

    /// <summary>fdlibm __kernel_sin on [−π/4, π/4]; y is the tail of the reduced argument.</summary>
    private static double KernelSin(double x, double y, bool hasTail)
    {
        int ix = HighWord(x) & 0x7fffffff;
        if (ix < 0x3e400000)
        {
            return x; // |x| < 2^-27: sin x rounds to x
        }

        double z = x * x;
        double v = z * x;
        double r = S2 + (z * (S3 + (z * (S4 + (z * (S5 + (z * S6)))))));
        if (!hasTail)
        {
            return x + (v * (S1 + (z * r)));
        }

        return x - (((z * ((0.5 * y) - (v * r))) - y) - (v * S1));
    }

    /// <summary>fdlibm __kernel_cos on [−π/4, π/4]; y is the tail of the reduced argument.</summary>
    private static double KernelCos(double x, double y)
    {
        int ix = HighWord(x) & 0x7fffffff;
        if (ix < 0x3e400000)
        {
            return 1.0; // |x| < 2^-27: cos x rounds to 1
        }

        double z = x * x;
        double r = z * (C1 + (z * (C2 + (z * (C3 + (z * (C4 + (z * (C5 + (z * C6))))))))));
        if (ix < 0x3FD33333)
        {
            // |x| < 0.3
            return 1.0 - ((0.5 * z) - ((z * r) - (x * y)));
        }

        // qx = |x|/4 truncated (or 0.28125) so that 1 - qx and 0.5*z - qx are exact.
        double qx = ix > 0x3fe90000 ? 0.28125 : BitConverter.Int64BitsToDouble((long)(ix - 0x00200000) << 32);
        double hz = (0.5 * z) - qx;
        double a = 1.0 - qx;
        return a - (hz - ((z * r) - (x * y)));
    }

    /// <summary>
    /// Medium-size case of fdlibm e_rem_pio2.c: x = n·π/2 + (y0 + y1), |y0 + y1| ≤ π/4, for
    /// |x| ≤ <see cref="MaxTrigArgument"/> (n has at most 21 bits so n·pio2_1 is exact).
    /// </summary>
    private static int RemPio2(double x, out double y0, out double y1)
    {
        int hx = HighWord(x);
        int ix = hx & 0x7fffffff;
        double t = Math.Abs(x);
        int n = (int)((t * InvPio2) + 0.5);
        double fn = n;
        double r = t - (fn * Pio2_1);
        double w = fn * Pio2_1t; // first round good to 85 bits
        int j = ix >> 20;
        y0 = r - w;
        int i = j - ((HighWord(y0) >> 20) & 0x7ff);
        if (i > 16)
        {
            // second iteration, good to 118 bits
            t = r;
            w = fn * Pio2_2;
            r = t - w;
            w = (fn * Pio2_2t) - ((t - r) - w);
            y0 = r - w;
            i = j - ((HighWord(y0) >> 20) & 0x7ff);
            if (i > 49)
            {
                // third iteration, 151 bits
                t = r;
                w = fn * Pio2_3;
                r = t - w;
                w = (fn * Pio2_3t) - ((t - r) - w);
                y0 = r - w;
            }
        }

        y1 = (r - y0) - w;
        if (hx < 0)
        {
            y0 = -y0;
            y1 = -y1;
            return -n;
        }

        return n;
    }
}
