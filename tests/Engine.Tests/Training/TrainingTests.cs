using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;

namespace BackpropServer.Engine.Tests.Training;

public sealed class TrainingTests
{
    // Documented in docs/ENGINE.md: at the default settings (2-4-4-1 tanh, full batch, learning rate 0.3,
    // 200 points, half for training), the training loss falls below 0.1 within 200 steps on circle and on XOR.
    [Theory]
    [InlineData(DatasetKind.Circle)]
    [InlineData(DatasetKind.Xor)]
    public void Default_settings_bring_the_loss_below_a_tenth_within_200_steps(DatasetKind dataset)
    {
        var session = new TrainingSession(new TrainingConfig { Dataset = dataset });
        double start = session.Evaluate().TrainLoss!.Value;

        session.Train(200);

        var metrics = session.Evaluate();
        Assert.True(start > 0.6, $"the untrained loss should be near log 2, was {start}");
        Assert.True(metrics.TrainLoss < 0.1, $"train loss after 200 steps: {metrics.TrainLoss}");
        Assert.True(metrics.TestAccuracy >= 0.95, $"test accuracy after 200 steps: {metrics.TestAccuracy}");
    }

    [Fact]
    public void Plain_sgd_moves_every_weight_by_exactly_minus_learning_rate_times_its_gradient()
    {
        var session = new TrainingSession(new TrainingConfig { HiddenLayers = [3, 2], LearningRate = 0.1 });
        session.Train(3);
        var before = TestNetworks.Values(session);

        var record = session.Step();

        var after = TestNetworks.Values(session);
        for (int k = 0; k < after.Length; k++)
        {
            Assert.Equal(before[k] - (0.1 * record.Gradients[k]), after[k]);
            Assert.Equal(after[k] - before[k], record.Updates[k], 1e-15);
        }
        Assert.Contains(record.Gradients, g => g != 0.0);
    }

    [Fact]
    public void Momentum_and_weight_decay_follow_pytorchs_update_rule()
    {
        const double Lr = 0.05, Mu = 0.9, Decay = 0.01;
        var session = new TrainingSession(new TrainingConfig { LearningRate = Lr, Momentum = Mu, WeightDecay = Decay });
        var w0 = TestNetworks.Values(session);
        var g0 = (double[])session.Step().Gradients.Clone();
        var w1 = TestNetworks.Values(session);
        var g1 = (double[])session.Step().Gradients.Clone();
        var w2 = TestNetworks.Values(session);
        for (int k = 0; k < w0.Length; k++)
        {
            // Step 1: v = g + λw ; w ← w − ηv.  Step 2: v = μv + (g + λw) ; w ← w − ηv.
            double v1 = g0[k] + (Decay * w0[k]);
            Assert.Equal(w0[k] - (Lr * v1), w1[k], 1e-15);
            double v2 = (Mu * v1) + (g1[k] + (Decay * w1[k]));
            Assert.Equal(w1[k] - (Lr * v2), w2[k], 1e-15);
        }
    }

    [Fact]
    public void Mini_batches_record_their_examples_and_cover_the_training_set_once_per_epoch()
    {
        var session = new TrainingSession(new TrainingConfig { BatchSize = 30, Points = 200 });
        var seen = new List<int>();
        // 100 training examples in batches of 30: 30, 30, 30, 10.
        int[] sizes = [30, 30, 30, 10];
        foreach (int size in sizes)
        {
            var record = session.Step();
            Assert.Equal(size, record.Batch.Length);
            seen.AddRange(record.Batch.ToArray());
        }
        Assert.Equal(Enumerable.Range(0, 100), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 30), seen.Take(30));
    }

    [Fact]
    public void Full_batch_steps_use_every_training_example()
    {
        var session = new TrainingSession(new TrainingConfig());
        Assert.Equal(Enumerable.Range(0, 100), session.Step().Batch.ToArray());
    }

    [Fact]
    public void Record_reports_the_traced_points_forward_and_backward_values()
    {
        var session = new TrainingSession(new TrainingConfig { HiddenLayers = [2] });
        session.TracePoint(3);
        var record = session.Step();
        Assert.Equal(3, record.TracedPoint);
        Assert.Equal(session.Data.Train.X1(3), record.TraceA[0]);
        Assert.Equal(session.Data.Train.X2(3), record.TraceA[1]);
        // Output δ = σ(z) − y for BCE.
        double z = record.TraceZ[4];
        Assert.Equal((1 / (1 + Math.Exp(-z))) - session.Data.Train.Y(3), record.TraceDelta[4], 1e-12);
        // Hidden δ = f′(z)·w·δ_out.
        double w = session.Model.Layers[1].Weight.Value[0] - record.Updates[6];
        Assert.Equal((1 - (record.TraceA[2] * record.TraceA[2])) * w * record.TraceDelta[4], record.TraceDelta[2], 1e-12);
        Assert.Equal(2, record.LayerGradientNorms.Length);
        Assert.All(record.LayerGradientNorms, norm => Assert.True(norm > 0));
    }

    [Fact]
    public void Learning_rate_can_change_without_losing_the_weights_but_architecture_cannot()
    {
        var session = new TrainingSession(new TrainingConfig());
        session.Train(5);
        var weights = TestNetworks.Values(session);

        Assert.True(session.TryRetune(session.Config with { LearningRate = 0.01 }));
        Assert.Equal(0.01, session.Optimizer.LearningRate);
        Assert.Equal(weights, TestNetworks.Values(session));
        Assert.False(session.TryRetune(session.Config with { HiddenLayers = [4] }));
        Assert.False(session.TryRetune(session.Config with { Noise = 0.1 }));
        Assert.Equal(0.01, session.Config.LearningRate);
    }

    [Fact]
    public void Decision_grid_gives_a_probability_for_every_cell()
    {
        var session = new TrainingSession(new TrainingConfig());
        session.Train(100);
        var grid = new double[40 * 40];

        session.DecisionGrid(40, grid);

        Assert.All(grid, p => Assert.InRange(p, 0.0, 1.0));
        // Circle: the centre is class 1, the corners class 0.
        Assert.True(grid[(20 * 40) + 20] > 0.5);
        Assert.True(grid[0] < 0.5);
    }
}
