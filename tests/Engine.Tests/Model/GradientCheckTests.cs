using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Numerics;
using BackpropServer.Engine.Training;

namespace BackpropServer.Engine.Tests.Model;

/// <summary>Backprop against central finite differences on random architectures.</summary>
public sealed class GradientCheckTests
{
    private const double MaxRelativeError = 1e-6;

    // Where a gradient is this close to zero, rounding in the finite difference itself (≈ 1e-11) dominates;
    // there the absolute difference is what can be compared.
    private const double AbsoluteFloor = 1e-9;

    public static TheoryData<ActivationKind, DatasetKind> EveryActivationAndHead()
    {
        var data = new TheoryData<ActivationKind, DatasetKind>();
        foreach (var activation in Enum.GetValues<ActivationKind>())
        {
            data.Add(activation, DatasetKind.Spiral);  // classification: sigmoid + BCE
            data.Add(activation, DatasetKind.Plane);   // regression: linear + MSE
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActivationAndHead))]
    public void Backprop_matches_finite_differences_on_random_architectures(ActivationKind activation, DatasetKind dataset)
    {
        var shapes = new SeededRandom(1234 + (int)activation, stream: 9);
        int checkedCount = 0, kinks = 0;
        for (int trial = 0; trial < 6; trial++)
        {
            int layers = shapes.NextInt(NetworkLimits.MaxHiddenLayers + 1);
            var hidden = Enumerable.Range(0, layers).Select(_ => 1 + shapes.NextInt(NetworkLimits.MaxNeurons)).ToArray();
            var session = new TrainingSession(new TrainingConfig
            {
                Dataset = dataset, Activation = activation, HiddenLayers = hidden, Points = 24, Noise = 0.2, Seed = trial, LearningRate = 0.01,
            });
            // A few steps first, so biases are non-zero and the weights are not the symmetric starting ones.
            session.Train(3);
            for (int k = 0; k < session.Model.ParameterCount; k++)
            {
                if (activation == ActivationKind.Relu && CrossesKink(session, k))
                {
                    kinks++;
                    continue;
                }
                var check = session.CheckGradient(k);
                double difference = Math.Abs(check.Backprop - check.FiniteDifference);
                Assert.True(
                    check.RelativeError <= MaxRelativeError || difference <= AbsoluteFloor,
                    $"{string.Join("-", hidden)} {check.ParameterName}[{k}]: backprop {check.Backprop:R}, estimate {check.FiniteDifference:R}, relative error {check.RelativeError:E2}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 100, $"only {checkedCount} parameters were checked");
        Assert.True(kinks <= checkedCount / 20, $"{kinks} of {checkedCount + kinks} pokes crossed a ReLU kink");
    }

    [Fact]
    public void Gradient_check_leaves_the_network_exactly_as_it_was()
    {
        var session = new TrainingSession(new TrainingConfig());
        session.Train(5);
        var before = TestNetworks.Bits(TestNetworks.Values(session));

        var check = session.CheckGradient(7);

        Assert.Equal(before, TestNetworks.Bits(TestNetworks.Values(session)));
        Assert.All(session.Model.Parameters, p => Assert.All(p.Grad, g => Assert.Equal(0.0, g)));
        Assert.Equal(2 * session.Model.ParameterCount, check.ForwardPassesToPokeEveryWeight);
        Assert.Equal(2, check.BackpropSweeps);
        Assert.Equal("layers.0.bias", session.Model.Locate(8).Parameter.Name);
    }

    [Fact]
    public void Batch_gradient_is_the_mean_of_the_traced_examples_delta_times_activation()
    {
        var session = new TrainingSession(new TrainingConfig { HiddenLayers = [3, 2], Points = 20 });
        session.Train(2);
        var model = session.Model;
        int n = session.Data.Train.Count;
        // ∂L/∂w_ji for the first hidden layer's weight from input 1 to neuron 2 (neuron indices: inputs 0–1, then 2–4).
        double sum = 0.0;
        for (int e = 0; e < n; e++)
        {
            session.TracePoint(e);
            sum += session.LastStep.TraceDelta[2 + 1] * session.LastStep.TraceA[0];
        }
        var pred = model.Forward(session.Data.Train);
        session.LossFunction.Forward(pred, session.Data.Train.Targets).Backward();
        double gradient = model.Layers[0].Weight.Grad[(1 * 2) + 0];
        session.Optimizer.ZeroGrad();
        Assert.Equal(gradient, sum / n, 1e-14);
    }

    [Fact]
    public void Traced_z_and_a_equal_the_batch_values_bit_for_bit()
    {
        var session = new TrainingSession(new TrainingConfig { HiddenLayers = [5, 3], Activation = ActivationKind.Tanh });
        session.Train(4);
        using var pred = session.Model.Forward(session.Data.Train);
        for (int e = 0; e < 10; e++)
        {
            session.TracePoint(e);
            int neuron = 2;
            for (int l = 0; l < session.Model.Layers.Count; l++)
            {
                for (int j = 0; j < session.Model.Layers[l].Outputs; j++, neuron++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(pred.Z(l, j)[e]), BitConverter.DoubleToInt64Bits(session.LastStep.TraceZ[neuron]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(pred.A(l, j)[e]), BitConverter.DoubleToInt64Bits(session.LastStep.TraceA[neuron]));
                }
            }
        }
    }

    private static bool CrossesKink(TrainingSession session, int k)
    {
        var (parameter, offset) = session.Model.Locate(k);
        double original = parameter.Value[offset];
        parameter.Value[offset] = original + 1e-5;
        var plus = TestNetworks.ReluPattern(session);
        parameter.Value[offset] = original - 1e-5;
        var minus = TestNetworks.ReluPattern(session);
        parameter.Value[offset] = original;
        return !plus.SequenceEqual(minus);
    }
}
