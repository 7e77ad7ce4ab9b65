using BackpropServer.Engine.Model;
using BackpropServer.Engine.Optim;

namespace BackpropServer.Engine.Tests.Model;

/// <summary>A 2-2-1 network small enough to do on paper; the comments carry the working.</summary>
public sealed class HandWorkedExampleTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Linear_2_2_1_with_mse_matches_the_numbers_worked_by_hand()
    {
        var model = new Mlp([2], ActivationKind.Linear);
        // W1 = [[0.5, −0.5], [1, 0.25]], b1 = [0.1, −0.2];  W2 = [[2, −1]], b2 = [0.5]
        TestNetworks.Set(model.Layers[0], [[0.5, -0.5], [1.0, 0.25]], [0.1, -0.2]);
        TestNetworks.Set(model.Layers[1], [[2.0, -1.0]], [0.5]);
        // x = (1, 2), y = 1
        var batch = TestNetworks.OneExample(1.0, 2.0, 1.0);
        var optimizer = new Sgd(model.Parameters, learningRate: 0.1);

        var pred = model.Forward(batch);
        // z1 = (0.5·1 − 0.5·2 + 0.1, 1·1 + 0.25·2 − 0.2) = (−0.4, 1.3) = a1 (linear)
        // z2 = 2·(−0.4) − 1·1.3 + 0.5 = −1.6
        Assert.Equal(-1.6, pred.Logits[0], Tolerance);
        var loss = MseLoss.Instance.Forward(pred, batch.Targets);
        // L = (−1.6 − 1)² = 6.76
        Assert.Equal(6.76, loss.Value, Tolerance);
        loss.Backward();

        // δ2 = 2(z2 − y) = −5.2 ;  ∂L/∂W2 = δ2·a1 = (2.08, −6.76) ;  ∂L/∂b2 = −5.2
        AssertClose([2.08, -6.76], model.Layers[1].Weight.Grad);
        AssertClose([-5.2], model.Layers[1].Bias.Grad);
        // δ1 = W2ᵀ·δ2 ⊙ f′(z1) = (2·−5.2, −1·−5.2)·1 = (−10.4, 5.2)
        // ∂L/∂W1 = δ1 ⊗ x = [[−10.4, −20.8], [5.2, 10.4]] ;  ∂L/∂b1 = (−10.4, 5.2)
        AssertClose([-10.4, -20.8, 5.2, 10.4], model.Layers[0].Weight.Grad);
        AssertClose([-10.4, 5.2], model.Layers[0].Bias.Grad);

        optimizer.Step();
        // W2 ← W2 − 0.1·∂L/∂W2 = (2 − 0.208, −1 + 0.676) = (1.792, −0.324) ;  b2 ← 0.5 + 0.52 = 1.02
        AssertClose([1.792, -0.324], model.Layers[1].Weight.Value);
        AssertClose([1.02], model.Layers[1].Bias.Value);
        // W1 ← [[0.5 + 1.04, −0.5 + 2.08], [1 − 0.52, 0.25 − 1.04]] = [[1.54, 1.58], [0.48, −0.79]]
        AssertClose([1.54, 1.58, 0.48, -0.79], model.Layers[0].Weight.Value);
        optimizer.ZeroGrad();
        Assert.All(model.Parameters, p => Assert.All(p.Grad, g => Assert.Equal(0.0, g)));
    }

    [Fact]
    public void Tanh_2_2_1_with_bce_follows_the_chain_rule_worked_by_hand()
    {
        var model = new Mlp([2], ActivationKind.Tanh);
        // W1 = [[0.2, −0.4], [0.3, 0.1]], b1 = [0, 0.5];  W2 = [[1, −2]], b2 = [0.25]
        TestNetworks.Set(model.Layers[0], [[0.2, -0.4], [0.3, 0.1]], [0.0, 0.5]);
        TestNetworks.Set(model.Layers[1], [[1.0, -2.0]], [0.25]);
        // x = (1, −1), y = 1
        var batch = TestNetworks.OneExample(1.0, -1.0, 1.0);

        var pred = model.Forward(batch);
        // z1 = (0.2 + 0.4, 0.3 − 0.1 + 0.5) = (0.6, 0.7)
        // a1 = (tanh 0.6, tanh 0.7) = (0.5370495669980353, 0.6043677771171636)
        double a11 = 0.5370495669980353, a12 = 0.6043677771171636;
        // z2 = a11 − 2·a12 + 0.25 = −0.4216859872362919
        double z2 = a11 - (2 * a12) + 0.25;
        Assert.Equal(-0.4216859872362919, pred.Logits[0], Tolerance);
        Assert.Equal(z2, pred.Logits[0], Tolerance);
        var loss = BceWithLogitsLoss.Instance.Forward(pred, batch.Targets);
        // L = −log σ(z2) = log(1 + e^0.4216859872) = 0.9260547989337269
        Assert.Equal(0.9260547989337269, loss.Value, Tolerance);
        loss.Backward();

        // δ2 = σ(z2) − y = 0.39611337867000945 − 1 = −0.6038866213299905
        double d2 = -0.6038866213299905;
        AssertClose([d2 * a11, d2 * a12], model.Layers[1].Weight.Grad);
        // δ1 = W2ᵀ δ2 ⊙ (1 − a1²) = (1·δ2·(1 − a11²), −2·δ2·(1 − a12²))
        double d11 = d2 * (1 - (a11 * a11)), d12 = -2 * d2 * (1 - (a12 * a12));
        // = (−0.4297122908623521, 0.7666214928377806) and ∂L/∂W1 = δ1 ⊗ (1, −1)
        Assert.Equal(-0.4297122908623521, d11, Tolerance);
        Assert.Equal(0.7666214928377806, d12, Tolerance);
        AssertClose([d11, -d11, d12, -d12], model.Layers[0].Weight.Grad);
        AssertClose([d11, d12], model.Layers[0].Bias.Grad);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], Tolerance);
        }
    }
}
