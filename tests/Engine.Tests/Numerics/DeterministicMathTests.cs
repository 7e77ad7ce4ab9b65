using System.Runtime.Intrinsics;
using BackpropServer.Engine.Numerics;
using Xunit;

namespace BackpropServer.Engine.Tests.Numerics;

/// <summary>
/// Accuracy against System.Math (or an accurate reference built from it), special values, the
/// vector/scalar bit identity and pinned output bits of <see cref="DeterministicMath"/>.
/// </summary>
public sealed partial class DeterministicMathTests
{
    // ---------- accuracy against System.Math ----------

    [Fact]
    public void Exp_matches_system_math_within_one_ulp()
    {
        var rng = new Random(1001);
        var inputs = new List<double>();
        inputs.AddRange(Grid(-745.2, 709.8, 0.007));
        inputs.AddRange(Uniform(rng, -750.0, 712.0, 50_000));
        inputs.AddRange(Uniform(rng, -745.2, -708.0, 20_000)); // subnormal results
        inputs.AddRange(Uniform(rng, -2.0, 2.0, 20_000));
        inputs.AddRange(SignedLogUniform(rng, -320, 0, 20_000)); // tiny, incl. subnormal inputs

        AssertMaxUlps("Exp", DeterministicMath.Exp, Math.Exp, inputs, 1);
    }

    [Fact]
    public void Log_matches_system_math_within_one_ulp()
    {
        var rng = new Random(1002);
        var inputs = new List<double>();
        inputs.AddRange(Grid(0.001, 20.0, 0.0003));
        inputs.AddRange(RandomPositiveFinite(rng, 100_000)); // every binade, incl. subnormals
        inputs.AddRange(Uniform(rng, 0.99, 1.01, 20_000)); // near 1, where log is small
        inputs.AddRange(Uniform(rng, 0.5, 2.0, 20_000));

        AssertMaxUlps("Log", DeterministicMath.Log, Math.Log, inputs, 1);
    }

    [Fact]
    public void Log1P_matches_system_math_log_within_one_ulp_where_one_plus_x_is_exact()
    {
        // For x = n·2^-40 (|x| < 8) 1 + x is exact, so Math.Log(1 + x) is a faithful reference.
        var rng = new Random(1003);
        var inputs = new List<double>();
        for (int i = 0; i < 100_000; i++)
        {
            long n = rng.NextInt64(-(1L << 40) + 1, 1L << 43);
            inputs.Add(n * Math.Pow(2, -40));
        }

        AssertMaxUlps("Log1P", DeterministicMath.Log1P, x => Math.Log(1.0 + x), inputs, 1);
    }

    [Fact]
    public void Log1P_is_accurate_for_tiny_and_general_arguments()
    {
        var rng = new Random(1004);
        var inputs = new List<double>();
        inputs.AddRange(SignedLogUniform(rng, -320, -5, 50_000)); // tiny: log1p(x) ≈ x
        inputs.AddRange(Uniform(rng, -0.999, 3.0, 50_000));
        inputs.AddRange(SignedLogUniform(rng, -5, 300, 50_000).Where(x => x > -1.0));
        inputs.AddRange(Grid(-0.9999, 10.0, 0.0002));

        AssertMaxUlps("Log1P", DeterministicMath.Log1P, Log1PReference, inputs, 1);
    }

    [Fact]
    public void Sin_and_Cos_match_system_math_within_one_ulp()
    {
        var rng = new Random(1005);
        var inputs = new List<double>();
        inputs.AddRange(Grid(-20.0, 20.0, 0.0007));
        inputs.AddRange(Uniform(rng, -1e5, 1e5, 60_000));
        inputs.AddRange(Uniform(rng, -DeterministicMath.MaxTrigArgument, DeterministicMath.MaxTrigArgument, 20_000));
        inputs.AddRange(SignedLogUniform(rng, -320, 0, 10_000));
        for (int i = 0; i < 10_000; i++)
        {
            // Next to multiples of π/2 the reduction cancels almost everything.
            double m = rng.Next(-63_000, 63_000) * (Math.PI / 2);
            inputs.Add(m);
            inputs.Add(Math.BitIncrement(m));
            inputs.Add(Math.BitDecrement(m));
        }

        AssertMaxUlps("Sin", DeterministicMath.Sin, Math.Sin, inputs, 1);
        AssertMaxUlps("Cos", DeterministicMath.Cos, Math.Cos, inputs, 1);
    }

    [Fact]
    public void Tanh_matches_system_math_within_two_ulps()
    {
        // Our Tanh is within 0.8 ulp of the exact result; glibc's tanh alone is off by up to ~2 ulps.
        var rng = new Random(1006);
        var inputs = new List<double>();
        inputs.AddRange(Grid(-25.0, 25.0, 0.0005));
        inputs.AddRange(Uniform(rng, -30.0, 30.0, 50_000));
        inputs.AddRange(Uniform(rng, -1.0, 1.0, 50_000));
        inputs.AddRange(SignedLogUniform(rng, -320, 0, 20_000));
        inputs.AddRange(Around(0.625, 200)); // switch between the rational and the exp branch
        inputs.AddRange(Around(-22.0, 200)); // clamp

        AssertMaxUlps("Tanh", DeterministicMath.Tanh, Math.Tanh, inputs, 2);
    }

    [Fact]
    public void Sigmoid_matches_an_accurate_system_math_reference_within_two_ulps()
    {
        var rng = new Random(1007);
        var inputs = new List<double>();
        inputs.AddRange(Grid(-40.0, 40.0, 0.0007));
        inputs.AddRange(Uniform(rng, -760.0, 760.0, 50_000)); // incl. subnormal results
        inputs.AddRange(Uniform(rng, -5.0, 5.0, 50_000));
        inputs.AddRange(SignedLogUniform(rng, -320, 0, 10_000));

        AssertMaxUlps("Sigmoid", DeterministicMath.Sigmoid, SigmoidReference, inputs, 2);
    }

    [Fact]
    public void SoftplusOfNegAbs_matches_an_accurate_system_math_reference_within_two_ulps()
    {
        var rng = new Random(1008);
        var inputs = new List<double>();
        inputs.AddRange(Grid(-40.0, 40.0, 0.0007));
        inputs.AddRange(Uniform(rng, -800.0, 800.0, 30_000));
        inputs.AddRange(SignedLogUniform(rng, -320, 0, 10_000));

        AssertMaxUlps(
            "SoftplusOfNegAbs",
            DeterministicMath.SoftplusOfNegAbs,
            x => Log1PReference(Math.Exp(-Math.Abs(x))),
            inputs,
            2);
    }

    // ---------- special values and exact results ----------

    [Fact]
    public void Exp_handles_special_values_and_range_limits()
    {
        Assert.True(double.IsNaN(DeterministicMath.Exp(double.NaN)));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Exp(double.PositiveInfinity));
        AssertBits(0.0, DeterministicMath.Exp(double.NegativeInfinity));
        AssertBits(1.0, DeterministicMath.Exp(0.0));
        AssertBits(1.0, DeterministicMath.Exp(-0.0));
        AssertBits(1.0, DeterministicMath.Exp(1e-300));
        AssertBits(1.0, DeterministicMath.Exp(double.Epsilon));

        // Overflow threshold ln(MaxValue) = 709.782712893384: the last finite result and the first ∞.
        double lastFinite = DeterministicMath.Exp(709.782712893384);
        Assert.True(double.IsFinite(lastFinite) && lastFinite > 1.7976931348622e308, $"Exp(709.782712893384) = {lastFinite:R}");
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Exp(Math.BitIncrement(709.782712893384)));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Exp(1000.0));

        // Gradual underflow: e^x passes 2^-1075 (half the smallest subnormal) at x ≈ -745.1332191019411.
        AssertBits(double.Epsilon, DeterministicMath.Exp(-745.1332191019411));
        AssertBits(0.0, DeterministicMath.Exp(Math.BitDecrement(-745.1332191019411)));
        AssertBits(0.0, DeterministicMath.Exp(-1000.0));
        Assert.True(DeterministicMath.Exp(-709.0) < 2.2250738585072014e-308, "Exp(-709) should be subnormal");
        Assert.True(UlpDistance(DeterministicMath.Exp(-740.0), Math.Exp(-740.0)) <= 1);

        Assert.True(UlpDistance(DeterministicMath.Exp(1.0), Math.E) <= 1);
    }

    [Fact]
    public void Log_handles_special_values_and_exact_results()
    {
        Assert.True(double.IsNaN(DeterministicMath.Log(double.NaN)));
        Assert.True(double.IsNaN(DeterministicMath.Log(-1.0)));
        Assert.True(double.IsNaN(DeterministicMath.Log(-double.Epsilon)));
        Assert.True(double.IsNaN(DeterministicMath.Log(double.NegativeInfinity)));
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log(0.0));
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log(-0.0));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Log(double.PositiveInfinity));
        AssertBits(0.0, DeterministicMath.Log(1.0));

        Assert.True(UlpDistance(DeterministicMath.Log(2.0), 0.6931471805599453) == 0);
        Assert.True(UlpDistance(DeterministicMath.Log(Math.E), 1.0) <= 1);
        Assert.True(UlpDistance(DeterministicMath.Log(double.Epsilon), -744.4400719213812) <= 1);
        Assert.True(UlpDistance(DeterministicMath.Log(double.MaxValue), 709.782712893384) <= 1);
    }

    [Fact]
    public void Log1P_handles_special_values()
    {
        Assert.True(double.IsNaN(DeterministicMath.Log1P(double.NaN)));
        Assert.True(double.IsNaN(DeterministicMath.Log1P(-1.5)));
        Assert.True(double.IsNaN(DeterministicMath.Log1P(double.NegativeInfinity)));
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log1P(-1.0));
        Assert.Equal(double.PositiveInfinity, DeterministicMath.Log1P(double.PositiveInfinity));
        AssertBits(0.0, DeterministicMath.Log1P(0.0));
        AssertBits(-0.0, DeterministicMath.Log1P(-0.0));
        AssertBits(1e-300, DeterministicMath.Log1P(1e-300));
        AssertBits(-double.Epsilon, DeterministicMath.Log1P(-double.Epsilon));
        Assert.True(UlpDistance(DeterministicMath.Log1P(1.0), 0.6931471805599453) <= 1);
        Assert.True(UlpDistance(DeterministicMath.Log1P(double.MaxValue), 709.782712893384) <= 1);
    }

    [Fact]
    public void Sin_and_Cos_handle_special_values_and_exact_results()
    {
        Assert.True(double.IsNaN(DeterministicMath.Sin(double.NaN)));
        Assert.True(double.IsNaN(DeterministicMath.Sin(double.PositiveInfinity)));
        Assert.True(double.IsNaN(DeterministicMath.Sin(double.NegativeInfinity)));
        Assert.True(double.IsNaN(DeterministicMath.Cos(double.NaN)));
        Assert.True(double.IsNaN(DeterministicMath.Cos(double.PositiveInfinity)));
        Assert.True(double.IsNaN(DeterministicMath.Cos(double.NegativeInfinity)));

        AssertBits(0.0, DeterministicMath.Sin(0.0));
        AssertBits(-0.0, DeterministicMath.Sin(-0.0));
        AssertBits(1e-300, DeterministicMath.Sin(1e-300));
        AssertBits(1.0, DeterministicMath.Cos(0.0));
        AssertBits(1.0, DeterministicMath.Cos(-0.0));
        AssertBits(1.0, DeterministicMath.Cos(1e-10));

        // sin(fl(π)) = π - fl(π) ≈ 1.2246467991473532e-16: only right if the reduction keeps the tail.
        Assert.True(UlpDistance(DeterministicMath.Sin(Math.PI), 1.2246467991473532e-16) <= 1);
        Assert.True(UlpDistance(DeterministicMath.Cos(Math.PI / 2), 6.123233995736766e-17) <= 1);
        AssertBits(-1.0, DeterministicMath.Cos(Math.PI));
        AssertBits(1.0, DeterministicMath.Sin(Math.PI / 2));
    }

    [Fact]
    public void Sin_and_Cos_reject_arguments_beyond_the_accurate_reduction_range()
    {
        double max = DeterministicMath.MaxTrigArgument;
        Assert.True(UlpDistance(DeterministicMath.Sin(max), Math.Sin(max)) <= 1);
        Assert.True(UlpDistance(DeterministicMath.Cos(-max), Math.Cos(-max)) <= 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicMath.Sin(Math.BitIncrement(max)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicMath.Cos(-1e7));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicMath.Sin(double.MaxValue));
    }

    [Fact]
    public void Tanh_handles_special_values()
    {
        Assert.True(double.IsNaN(DeterministicMath.Tanh(double.NaN)));
        AssertBits(1.0, DeterministicMath.Tanh(double.PositiveInfinity));
        AssertBits(-1.0, DeterministicMath.Tanh(double.NegativeInfinity));
        AssertBits(0.0, DeterministicMath.Tanh(0.0));
        AssertBits(-0.0, DeterministicMath.Tanh(-0.0));
        AssertBits(1e-300, DeterministicMath.Tanh(1e-300));
        AssertBits(-double.Epsilon, DeterministicMath.Tanh(-double.Epsilon));
        AssertBits(1.0, DeterministicMath.Tanh(22.0));
        AssertBits(-1.0, DeterministicMath.Tanh(-1e300));
        Assert.True(DeterministicMath.Tanh(18.0) < 1.0, "tanh(18) is still below 1 in double precision");
    }

    [Fact]
    public void Tanh_is_odd_bit_for_bit()
    {
        var rng = new Random(1009);
        foreach (double x in Uniform(rng, 0.0, 30.0, 50_000).Concat(SignedLogUniform(rng, -320, 2, 20_000)))
        {
            double plus = DeterministicMath.Tanh(Math.Abs(x));
            double minus = DeterministicMath.Tanh(-Math.Abs(x));
            Assert.True(
                BitConverter.DoubleToInt64Bits(minus) == BitConverter.DoubleToInt64Bits(-plus),
                $"Tanh(-x) != -Tanh(x) at x = {x:R}");
        }
    }

    [Fact]
    public void Sigmoid_handles_special_values()
    {
        Assert.True(double.IsNaN(DeterministicMath.Sigmoid(double.NaN)));
        AssertBits(0.0, DeterministicMath.Sigmoid(double.NegativeInfinity));
        AssertBits(1.0, DeterministicMath.Sigmoid(double.PositiveInfinity));
        AssertBits(0.5, DeterministicMath.Sigmoid(0.0));
        AssertBits(0.5, DeterministicMath.Sigmoid(-0.0));
        AssertBits(0.0, DeterministicMath.Sigmoid(-800.0));
        AssertBits(1.0, DeterministicMath.Sigmoid(800.0));

        // No overflow and no premature flush to zero in the tails.
        double subnormal = DeterministicMath.Sigmoid(-740.0);
        Assert.True(subnormal > 0.0 && subnormal < 2.2250738585072014e-308, $"Sigmoid(-740) = {subnormal:R}");
        Assert.True(UlpDistance(subnormal, Math.Exp(-740.0)) <= 1);
        Assert.True(DeterministicMath.Sigmoid(37.0) < 1.0, "1 - sigmoid(37) ≈ 8.5e-17 rounds below 1");
    }

    [Fact]
    public void Sigmoid_of_x_plus_sigmoid_of_minus_x_is_one()
    {
        var rng = new Random(1010);
        foreach (double x in Uniform(rng, -40.0, 40.0, 50_000).Concat(SignedLogUniform(rng, -320, 1, 10_000)))
        {
            double sum = DeterministicMath.Sigmoid(x) + DeterministicMath.Sigmoid(-x);
            Assert.True(Math.Abs(sum - 1.0) <= Math.Pow(2, -52), $"Sigmoid({x:R}) + Sigmoid({-x:R}) = {sum:R}");
        }
    }

    [Fact]
    public void Sigmoid_is_monotonic()
    {
        double previous = 0.0;
        foreach (double x in Grid(-750.0, 40.0, 0.001))
        {
            double y = DeterministicMath.Sigmoid(x);
            Assert.True(y >= previous, $"Sigmoid decreases at x = {x:R}");
            previous = y;
        }
    }

    [Fact]
    public void SoftplusOfNegAbs_handles_special_values_and_is_even()
    {
        Assert.True(double.IsNaN(DeterministicMath.SoftplusOfNegAbs(double.NaN)));
        AssertBits(0.0, DeterministicMath.SoftplusOfNegAbs(double.PositiveInfinity));
        AssertBits(0.0, DeterministicMath.SoftplusOfNegAbs(double.NegativeInfinity));
        Assert.True(UlpDistance(DeterministicMath.SoftplusOfNegAbs(0.0), 0.6931471805599453) <= 1);
        Assert.True(UlpDistance(DeterministicMath.SoftplusOfNegAbs(-50.0), Math.Exp(-50.0)) <= 1);

        var rng = new Random(1011);
        foreach (double x in Uniform(rng, 0.0, 50.0, 10_000))
        {
            AssertBits(DeterministicMath.SoftplusOfNegAbs(x), DeterministicMath.SoftplusOfNegAbs(-x));
        }
    }

    // ---------- vector versions ----------

    // These bit patterns are what the algorithm produced when it was written (computed once and pasted
    // in). They are the determinism contract: any change to an algorithm, constant or operation order
    // changes some of them and must be a deliberate, versioned decision.
    [Theory]
    [InlineData("Exp", 1.0, 0x4005BF0A8B14576AUL)] // 2.7182818284590455
    [InlineData("Exp", -1.0, 0x3FD78B56362CEF38UL)] // 0.36787944117144233
    [InlineData("Exp", 0.1, 0x3FF1AEC7B35A00D4UL)] // 1.1051709180756477
    [InlineData("Exp", 20.5, 0x41C7D6C4F0BCDD5CUL)] // 799902177.4755054
    [InlineData("Exp", 700.0, 0x7F0D945DF4F8EC8EUL)] // 1.0142320547350045E+304
    [InlineData("Exp", -740.0, 0x0000000000000055UL)] // 4.2E-322
    [InlineData("Log", 0.1, 0xC0026BB1BBB55515UL)] // -2.3025850929940455
    [InlineData("Log", 3.0, 0x3FF193EA7AAD030AUL)] // 1.0986122886681096
    [InlineData("Log", 1.0000001, 0x3E7AD7F2847B6492UL)] // 9.999999505838704E-08
    [InlineData("Log", 1e-310, 0xC0864E69394D9508UL)] // -713.8013788281542
    [InlineData("Log", 1e300, 0x4085963447F87FB5UL)] // 690.7755278982137
    [InlineData("Log1P", 1e-10, 0x3DDB7CDFD9D1D693UL)] // 9.999999999500001E-11
    [InlineData("Log1P", 0.3, 0x3FD0CA937BE1B9DCUL)] // 0.26236426446749106
    [InlineData("Log1P", -0.25, 0xBFD269621134DB92UL)] // -0.2876820724517809
    [InlineData("Log1P", 5.0, 0x3FFCAB0BFA2A2002UL)] // 1.791759469228055
    [InlineData("Sin", 0.5, 0x3FDEAEE8744B05F0UL)] // 0.479425538604203
    [InlineData("Sin", 3.0, 0x3FC210386DB6D55BUL)] // 0.1411200080598672
    [InlineData("Sin", 12345.678, 0xBFE687D5890974A5UL)] // -0.7040813137533816
    [InlineData("Cos", 0.5, 0x3FEC1528065B7D50UL)] // 0.8775825618903728
    [InlineData("Cos", 3.0, 0xBFEFAE04BE85E5D2UL)] // -0.9899924966004454
    [InlineData("Cos", 12345.678, 0x3FE6B94C3BBE24B8UL)] // 0.7101193587160628
    [InlineData("Tanh", 0.1, 0x3FB983D7795F413AUL)] // 0.09966799462495582
    [InlineData("Tanh", -0.5, 0xBFDD9353D7568AF3UL)] // -0.46211715726000974
    [InlineData("Tanh", 0.7, 0x3FE356FB17AF2E91UL)] // 0.6043677771171635
    [InlineData("Tanh", 3.0, 0x3FEFD77D111A0B00UL)] // 0.9950547536867305
    [InlineData("Tanh", 15.0, 0x3FEFFFFFFFFFF96AUL)] // 0.9999999999998128
    [InlineData("Sigmoid", 0.3, 0x3FE261D545E46A8BUL)] // 0.574442516811659
    [InlineData("Sigmoid", -0.3, 0x3FDB3C5574372AEBUL)] // 0.425557483188341
    [InlineData("Sigmoid", 5.0, 0x3FEFC92C130538E1UL)] // 0.9933071490757152
    [InlineData("Sigmoid", -30.0, 0x3D3A56E0C2AC7CBFUL)] // 9.357622968839299E-14
    [InlineData("Sigmoid", -720.0, 0x0000000993B4DC95UL)] // 2.0322308024E-313
    [InlineData("SoftplusOfNegAbs", 0.5, 0x3FDE5746FDB5C064UL)] // 0.4740769841801067
    [InlineData("SoftplusOfNegAbs", -3.0, 0x3FA8E070FC045701UL)] // 0.04858735157374206
    public void Outputs_have_pinned_bit_patterns(string function, double x, ulong expectedBits)
    {
        double actual = function switch
        {
            "Exp" => DeterministicMath.Exp(x),
            "Log" => DeterministicMath.Log(x),
            "Log1P" => DeterministicMath.Log1P(x),
            "Sin" => DeterministicMath.Sin(x),
            "Cos" => DeterministicMath.Cos(x),
            "Tanh" => DeterministicMath.Tanh(x),
            "Sigmoid" => DeterministicMath.Sigmoid(x),
            "SoftplusOfNegAbs" => DeterministicMath.SoftplusOfNegAbs(x),
            _ => throw new ArgumentException($"Unknown function {function}", nameof(function)),
        };

        Assert.Equal($"0x{expectedBits:X16}", $"0x{BitConverter.DoubleToUInt64Bits(actual):X16}");
    }

    // ---------- references and helpers ----------

    /// <summary>log1p from System.Math: 1 + x = u + c exactly, log1p(x) = log(u) + log1p(c/u) ≈ log(u) + c/u;
    /// the Taylor series for tiny |x|.</summary>
    private static double Log1PReference(double x)
    {
        if (Math.Abs(x) < 1e-5)
        {
            return x + (x * x * ((x / 3.0) - 0.5 - (x * x / 4.0)));
        }

        double u = 1.0 + x;
        double ux = u - 1.0;
        double c = (1.0 - (u - ux)) + (x - ux); // TwoSum error of 1 + x
        return Math.Log(u) + (c / u);
    }

    /// <summary>Sigmoid from Math.Exp with exact (TwoSum/FMA) arithmetic afterwards, so the only
    /// rounding errors are Math.Exp's and the final one.</summary>
    private static double SigmoidReference(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double d = 1.0 + e;
        double dTail = (1.0 - d) + e; // exact: 1 + e = d + dTail
        double num = x < 0.0 ? e : 1.0;
        double q = num / d;
        double remainder = Math.FusedMultiplyAdd(-q, d, num) - (q * dTail); // num - q·(1 + e)
        return q + (remainder / d);
    }

    private static void AssertMaxUlps(string name, Func<double, double> actual, Func<double, double> expected, IEnumerable<double> inputs, long maxUlps)
    {
        long worst = 0;
        double worstX = double.NaN;
        int count = 0;
        foreach (double x in inputs)
        {
            long distance = UlpDistance(actual(x), expected(x));
            if (distance > worst)
            {
                worst = distance;
                worstX = x;
            }

            count++;
        }

        Assert.True(count > 1000, $"{name}: too few inputs ({count})");
        Assert.True(
            worst <= maxUlps,
            $"{name}: {worst} ulps at x = {worstX:R} (actual {actual(worstX):R}, System.Math reference {expected(worstX):R}), limit {maxUlps}");
    }

    /// <summary>Number of representable doubles between a and b (0 for equal values, including +0/−0 and
    /// NaN/NaN; long.MaxValue when only one is NaN).</summary>
    private static long UlpDistance(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        }

        if (a == b)
        {
            return 0;
        }

        Int128 distance = Int128.Abs((Int128)Ordered(a) - Ordered(b));
        return distance > long.MaxValue ? long.MaxValue : (long)distance;

        static long Ordered(double v)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            return bits < 0 ? long.MinValue - bits : bits;
        }
    }

    private static void AssertBits(double expected, double actual, string? message = null)
    {
        long e = BitConverter.DoubleToInt64Bits(expected);
        long a = BitConverter.DoubleToInt64Bits(actual);
        Assert.True(e == a, $"{message}: expected {expected:R} (0x{e:X16}), got {actual:R} (0x{a:X16})");
    }

    private static IEnumerable<double> Grid(double from, double to, double step)
    {
        long n = (long)((to - from) / step);
        for (long i = 0; i <= n; i++)
        {
            yield return from + (i * step);
        }
    }

    private static IEnumerable<double> Uniform(Random rng, double from, double to, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return from + ((to - from) * rng.NextDouble());
        }
    }

    /// <summary>±10^U(minExponent, maxExponent), so every magnitude in the range is equally covered.</summary>
    private static IEnumerable<double> SignedLogUniform(Random rng, int minExponent, int maxExponent, int count)
    {
        for (int i = 0; i < count; i++)
        {
            double magnitude = Math.Pow(10.0, minExponent + ((maxExponent - minExponent) * rng.NextDouble()));
            yield return rng.Next(2) == 0 ? magnitude : -magnitude;
        }
    }

    /// <summary>Random bit patterns of positive finite doubles: every binade equally likely.</summary>
    private static IEnumerable<double> RandomPositiveFinite(Random rng, int count)
    {
        for (int i = 0; i < count; i++)
        {
            long bits = rng.NextInt64(1, 0x7FF0000000000000L);
            yield return BitConverter.Int64BitsToDouble(bits);
        }
    }

    private static IEnumerable<double> Around(double x, int ulps)
    {
        double v = x;
        for (int i = 0; i < ulps; i++)
        {
            v = Math.BitDecrement(v);
        }

        for (int i = 0; i <= 2 * ulps; i++)
        {
            yield return v;
            v = Math.BitIncrement(v);
        }
    }

    /// <summary>Special values, branch and clamp boundaries, tails, and a wide random sample, shuffled so
    /// that every kind of value meets every lane position.</summary>
    private static double[] HardInputs(Random rng)
    {
        var values = new List<double>
        {
            double.NaN,
            BitConverter.Int64BitsToDouble(0x7FF8000000000123L), // NaN with a payload
            BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0000000000001UL)), // negative signaling NaN
            double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0,
            double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, -2.2250738585072014e-308,
            double.MaxValue, double.MinValue, 1e-300, -1e-300, 1.0, -1.0,
            -708.0, -708.4, -709.0, -745.1332191019411, -745.2, -746.0, -746.5, -800.0, 800.0, 746.0,
        };
        foreach (double boundary in new[] { 0.625, -0.625, 22.0, -22.0, 746.0, -746.0, 708.0, -708.0, 1e-8, -1e-8 })
        {
            values.AddRange(Around(boundary, 4));
        }

        values.AddRange(Uniform(rng, -1.0, 1.0, 4000));
        values.AddRange(Uniform(rng, -30.0, 30.0, 4000));
        values.AddRange(Uniform(rng, -800.0, 800.0, 2000));
        values.AddRange(SignedLogUniform(rng, -320, 3, 2000));

        double[] array = [.. values];
        rng.Shuffle(array);
        return array;
    }
}
