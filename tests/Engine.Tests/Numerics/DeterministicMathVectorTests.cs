using System.Runtime.Intrinsics;
using BackpropServer.Engine.Numerics;
using Xunit;

namespace BackpropServer.Engine.Tests.Numerics;

/// <summary>The four-lane and span forms: bit-identical to the scalar functions, any length, in place.</summary>
public sealed partial class DeterministicMathTests
{
    [Fact]
    public void Vector_Tanh_and_Sigmoid_are_bit_identical_to_scalar()
    {
        double[] inputs = HardInputs(new Random(1012));
        for (int i = 0; i + 4 <= inputs.Length; i++)
        {
            Vector256<double> x = Vector256.Create(inputs[i], inputs[i + 1], inputs[i + 2], inputs[i + 3]);
            Vector256<double> tanh = DeterministicMath.Tanh(x);
            Vector256<double> sigmoid = DeterministicMath.Sigmoid(x);
            for (int lane = 0; lane < 4; lane++)
            {
                double xi = inputs[i + lane];
                AssertBits(DeterministicMath.Tanh(xi), tanh.GetElement(lane), $"Tanh lane at x = {xi:R}");
                AssertBits(DeterministicMath.Sigmoid(xi), sigmoid.GetElement(lane), $"Sigmoid lane at x = {xi:R}");
            }
        }
    }

    [Fact]
    public void Span_Tanh_and_Sigmoid_are_bit_identical_to_scalar_for_any_length()
    {
        double[] inputs = HardInputs(new Random(1013));
        int[] lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 31, 33, 4999, 5000, 5001];
        foreach (int length in lengths)
        {
            for (int offset = 0; offset < 3; offset++)
            {
                ReadOnlySpan<double> x = inputs.AsSpan(offset, length);
                double[] tanh = new double[length];
                double[] sigmoid = new double[length + 2]; // longer destinations are allowed
                double[] untouched = [123.0, 456.0];
                untouched.CopyTo(sigmoid, length);
                DeterministicMath.Tanh(x, tanh);
                DeterministicMath.Sigmoid(x, sigmoid);
                for (int i = 0; i < length; i++)
                {
                    AssertBits(DeterministicMath.Tanh(x[i]), tanh[i], $"Tanh[{i}] of {length} at x = {x[i]:R}");
                    AssertBits(DeterministicMath.Sigmoid(x[i]), sigmoid[i], $"Sigmoid[{i}] of {length} at x = {x[i]:R}");
                }

                Assert.Equal(untouched, sigmoid[length..]);
            }
        }
    }

    [Fact]
    public void Span_functions_work_in_place()
    {
        double[] inputs = HardInputs(new Random(1014))[..1003];
        double[] tanh = (double[])inputs.Clone();
        double[] sigmoid = (double[])inputs.Clone();
        DeterministicMath.Tanh(tanh, tanh);
        DeterministicMath.Sigmoid(sigmoid, sigmoid);
        for (int i = 0; i < inputs.Length; i++)
        {
            AssertBits(DeterministicMath.Tanh(inputs[i]), tanh[i]);
            AssertBits(DeterministicMath.Sigmoid(inputs[i]), sigmoid[i]);
        }
    }

    [Fact]
    public void Span_functions_reject_a_short_destination()
    {
        double[] x = new double[5];
        double[] result = new double[4];
        Assert.Throws<ArgumentException>(() => DeterministicMath.Tanh(x, result));
        Assert.Throws<ArgumentException>(() => DeterministicMath.Sigmoid(x, result));
    }

    // ---------- determinism contract ----------
}
