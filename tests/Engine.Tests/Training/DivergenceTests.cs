using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;

namespace BackpropServer.Engine.Tests.Training;

public sealed class DivergenceTests
{
    // Linear units on the plane at learning rate 10: each step overshoots further until the numbers overflow.
    private static TrainingConfig Exploding => new()
    {
        Dataset = DatasetKind.Plane, Activation = ActivationKind.Linear, HiddenLayers = [8, 8, 8], LearningRate = 10,
    };

    [Fact]
    public void A_step_with_a_non_finite_loss_marks_the_run_diverged_and_changes_nothing()
    {
        var session = new TrainingSession(Exploding);
        double[] before = [];
        long stepBefore = 0;
        for (int s = 0; s < 200 && !session.Diverged; s++)
        {
            before = TestNetworks.Values(session);
            stepBefore = session.StepCount;
            session.Step();
        }

        Assert.True(session.Diverged);
        Assert.True(session.LastStep.Diverged);
        Assert.Equal(TestNetworks.Bits(before), TestNetworks.Bits(TestNetworks.Values(session)));
        Assert.Equal(stepBefore, session.StepCount);
        Assert.All(session.Model.Parameters, p => Assert.All(p.Grad, g => Assert.Equal(0.0, g)));
    }

    [Fact]
    public void Nothing_non_finite_leaves_a_diverged_run()
    {
        var session = new TrainingSession(Exploding);
        session.Train(200);
        Assert.True(session.Diverged);

        var record = session.Step();
        var metrics = session.Evaluate();
        var grid = new double[400];
        session.DecisionGrid(20, grid);

        Assert.All(TestNetworks.Values(session), v => Assert.True(double.IsFinite(v)));
        Assert.All(record.Gradients.Concat(record.Updates).Concat(record.TraceZ).Concat(record.TraceA).Concat(record.TraceDelta),
            v => Assert.True(double.IsFinite(v)));
        Assert.True(double.IsFinite(record.BatchLoss));
        Assert.All(new[] { metrics.TrainLoss, metrics.TestLoss }, loss => Assert.True(loss is null || double.IsFinite(loss.Value)));
        Assert.All(grid, v => Assert.True(double.IsFinite(v)));
        // System.Text.Json refuses NaN and ∞, so a clean export is itself a check.
        Assert.Contains("\"diverged\":true", NetworkState.Export(session).ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_are_refused_after_divergence()
    {
        var session = new TrainingSession(Exploding);
        session.Train(200);
        long steps = session.StepCount;
        var weights = TestNetworks.Values(session);

        session.Train(5);

        Assert.Equal(steps, session.StepCount);
        Assert.Equal(weights, TestNetworks.Values(session));
    }
}
