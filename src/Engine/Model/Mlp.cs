using BackpropServer.Engine.Data;
using BackpropServer.Engine.Numerics;

namespace BackpropServer.Engine.Model;

/// <summary>
/// A dense multilayer perceptron on two inputs with one output: the C# twin of
/// <c>nn.Sequential(nn.Linear(2, h₁), Tanh(), …, nn.Linear(hₙ, 1))</c>.
/// The output layer is linear; the loss function applies the head (sigmoid inside BCE-with-logits, or nothing for MSE).
/// </summary>
public sealed class Mlp
{
    private readonly DenseLayer[] _layers;
    private readonly Parameter[] _parameters;

    public Mlp(IReadOnlyList<int> hiddenLayers, ActivationKind activation)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayers);
        HiddenActivation = Activation.For(activation);
        _layers = new DenseLayer[hiddenLayers.Count + 1];
        int inputs = NetworkLimits.Inputs;
        for (int l = 0; l < hiddenLayers.Count; l++)
        {
            _layers[l] = new DenseLayer(l, inputs, hiddenLayers[l], HiddenActivation);
            inputs = hiddenLayers[l];
        }
        _layers[^1] = new DenseLayer(hiddenLayers.Count, inputs, 1, LinearActivation.Instance);
        _parameters = _layers.SelectMany(layer => new[] { layer.Weight, layer.Bias }).ToArray();
        ParameterCount = _parameters.Sum(p => p.Length);
        NeuronCount = NetworkLimits.Inputs + _layers.Sum(layer => layer.Outputs);
    }

    public Activation HiddenActivation { get; }

    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Weight then bias of each layer, in order: <c>model.parameters()</c>.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    public int ParameterCount { get; }

    /// <summary>Inputs, hidden neurons and the output neuron.</summary>
    public int NeuronCount { get; }

    /// <summary>
    /// Glorot/Xavier uniform for tanh, sigmoid and linear layers, He (Kaiming) uniform for ReLU layers,
    /// and zero biases. The output layer is always Glorot, since it feeds a sigmoid or nothing.
    /// </summary>
    public void Initialize(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        foreach (var layer in _layers)
        {
            bool he = layer.Activation.Kind == ActivationKind.Relu;
            double bound = he
                ? Math.Sqrt(6.0 / layer.Inputs)
                : Math.Sqrt(6.0 / (layer.Inputs + layer.Outputs));
            var weights = layer.Weight.Value;
            for (int k = 0; k < weights.Length; k++)
            {
                weights[k] = random.NextDouble(-bound, bound);
            }
            Array.Clear(layer.Bias.Value);
        }
    }

    /// <summary><c>pred = model(X)</c>: runs the batch through every layer and keeps z and a for backward.</summary>
    public Prediction Forward(Batch x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count > Prediction.MaxExamples)
        {
            throw new ArgumentException($"A forward pass takes at most {Prediction.MaxExamples} examples.", nameof(x));
        }
        var graph = PredictionPool.Rent();
        graph.Bind(this, x);
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var w = layer.Weight.Value;
            var b = layer.Bias.Value;
            for (int j = 0; j < layer.Outputs; j++)
            {
                // z_j = b_j + Σ_i w_ji · a_i, summed in input order (the traced example sums the same way).
                var z = graph.Z(l, j);
                z.Fill(b[j]);
                for (int i = 0; i < layer.Inputs; i++)
                {
                    BatchMath.AddScaled(w[(j * layer.Inputs) + i], InputRow(graph, l, i), z);
                }
            }
            layer.Activation.Apply(graph.ZLayer(l, layer.Outputs), graph.ALayer(l, layer.Outputs));
        }
        return graph;
    }

    /// <summary>
    /// The backward sweep: from ∂L/∂logit (already in the graph) back to every weight, adding into each <c>p.grad</c>.
    /// ∂L/∂w_ji = Σ_examples δ_j · a_i ;  δ_i (one layer down) = f′(z_i) · Σ_j w_ji · δ_j.
    /// </summary>
    internal void Backward(Prediction graph)
    {
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            var w = layer.Weight.Value;
            var gradW = layer.Weight.Grad;
            var gradB = layer.Bias.Grad;
            for (int j = 0; j < layer.Outputs; j++)
            {
                var delta = graph.Delta(l, j);
                gradB[j] += BatchMath.Sum(delta);
                for (int i = 0; i < layer.Inputs; i++)
                {
                    gradW[(j * layer.Inputs) + i] += BatchMath.Dot(delta, InputRow(graph, l, i));
                }
            }
            if (l == 0)
            {
                break;
            }
            var below = graph.DeltaLayer(l - 1, layer.Inputs);
            below.Clear();
            for (int j = 0; j < layer.Outputs; j++)
            {
                var delta = graph.Delta(l, j);
                for (int i = 0; i < layer.Inputs; i++)
                {
                    BatchMath.AddScaled(w[(j * layer.Inputs) + i], delta, graph.Delta(l - 1, i));
                }
            }
            _layers[l - 1].Activation.MultiplyByDerivative(graph.ZLayer(l - 1, layer.Inputs), graph.ALayer(l - 1, layer.Inputs), below);
        }
    }

    /// <summary>Inference: the outputs for a batch, into <paramref name="logits"/>.</summary>
    public void Predict(Batch x, Span<double> logits)
    {
        using var graph = Forward(x);
        graph.Logits.CopyTo(logits);
    }

    public bool GradientsAreFinite()
    {
        foreach (var p in _parameters)
        {
            if (!BatchMath.AllFinite(p.Grad))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Copies every parameter, weight before bias, layer by layer, into one flat span.</summary>
    public void CopyValuesTo(Span<double> destination) => CopyFlat(destination, p => p.Value);

    public void CopyGradientsTo(Span<double> destination) => CopyFlat(destination, p => p.Grad);

    /// <summary>Finds the parameter and the slot that a flat index (as in <see cref="CopyValuesTo"/>) names.</summary>
    public (Parameter Parameter, int Offset) Locate(int flatIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flatIndex);
        foreach (var p in _parameters)
        {
            if (flatIndex < p.Length)
            {
                return (p, flatIndex);
            }
            flatIndex -= p.Length;
        }
        throw new ArgumentOutOfRangeException(nameof(flatIndex), $"The network has {ParameterCount} parameters.");
    }

    private void CopyFlat(Span<double> destination, Func<Parameter, double[]> field)
    {
        int at = 0;
        foreach (var p in _parameters)
        {
            field(p).CopyTo(destination[at..]);
            at += p.Length;
        }
    }

    private static ReadOnlySpan<double> InputRow(Prediction graph, int layer, int input) =>
        layer == 0 ? graph.Input!.InputRow(input) : graph.A(layer - 1, input);
}
