using BackpropServer.Engine.Model;

namespace BackpropServer.Engine.Optim;

/// <summary>
/// <c>torch.optim.SGD(params, lr, momentum, weight_decay)</c> with PyTorch's update rule:
/// g = ∂L/∂w + λ·w ;  v = g on the first step, then v = μ·v + g ;  w ← w − η·v  (v = g when μ = 0).
/// With μ = λ = 0 the applied update is exactly Δw = −η·∂L/∂w.
/// </summary>
public sealed class Sgd
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly double[][] _update;
    private readonly double[][] _velocity;
    private readonly double[][] _proposedVelocity;

    public Sgd(IReadOnlyList<Parameter> parameters, double learningRate, double momentum = 0.0, double weightDecay = 0.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        _update = parameters.Select(p => new double[p.Length]).ToArray();
        _velocity = parameters.Select(p => new double[p.Length]).ToArray();
        _proposedVelocity = parameters.Select(p => new double[p.Length]).ToArray();
    }

    public double LearningRate { get; set; }

    public double Momentum { get; set; }

    public double WeightDecay { get; set; }

    /// <summary>Whether the momentum buffers hold anything yet (PyTorch creates them on the first step).</summary>
    public bool HasVelocity { get; private set; }

    /// <summary>The momentum buffer of parameter <paramref name="index"/> (its part of <c>optimizer.state</c>).</summary>
    public ReadOnlySpan<double> Velocity(int index) => _velocity[index];

    /// <summary>The change the last <see cref="Step"/> applied to parameter <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> LastUpdate(int index) => _update[index];

    /// <summary>
    /// <c>optimizer.step()</c>. Returns false, and changes nothing, when the update or the new weights would not be finite.
    /// </summary>
    public bool Step()
    {
        bool useMomentum = Momentum != 0.0;
        for (int k = 0; k < _parameters.Count; k++)
        {
            var p = _parameters[k];
            var update = _update[k];
            var velocity = _velocity[k];
            var proposed = _proposedVelocity[k];
            for (int i = 0; i < p.Length; i++)
            {
                double g = p.Grad[i];
                if (WeightDecay != 0.0)
                {
                    g += WeightDecay * p.Value[i];
                }
                if (useMomentum)
                {
                    g = HasVelocity ? (Momentum * velocity[i]) + g : g;
                    proposed[i] = g;
                }
                update[i] = -(LearningRate * g);
                if (!double.IsFinite(update[i]) || !double.IsFinite(p.Value[i] + update[i]))
                {
                    foreach (var u in _update)
                    {
                        Array.Clear(u);
                    }
                    return false;
                }
            }
        }
        for (int k = 0; k < _parameters.Count; k++)
        {
            var p = _parameters[k];
            var update = _update[k];
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] += update[i];
            }
            if (useMomentum)
            {
                _proposedVelocity[k].CopyTo(_velocity[k], 0);
            }
        }
        HasVelocity |= useMomentum;
        return true;
    }

    /// <summary><c>optimizer.zero_grad()</c>: gradients start from zero for the next backward pass.</summary>
    public void ZeroGrad()
    {
        for (int k = 0; k < _parameters.Count; k++)
        {
            Array.Clear(_parameters[k].Grad);
        }
    }

    /// <summary>Restores the momentum buffers from an export.</summary>
    public void RestoreVelocity(IReadOnlyList<double[]>? velocity)
    {
        if (velocity is null)
        {
            foreach (var v in _velocity)
            {
                Array.Clear(v);
            }
            HasVelocity = false;
            return;
        }
        for (int k = 0; k < _velocity.Length; k++)
        {
            velocity[k].CopyTo(_velocity[k], 0);
        }
        HasVelocity = true;
    }
}
