namespace BackpropServer.Engine.Model;

/// <summary>z = W·a_prev + b, then a = f(z). Weight row j holds neuron j's incoming weights.</summary>
public sealed class DenseLayer
{
    public DenseLayer(int index, int inputs, int outputs, Activation activation)
    {
        Index = index;
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        Weight = new Parameter($"layers.{index}.weight", outputs, inputs);
        Bias = new Parameter($"layers.{index}.bias", outputs, 1);
    }

    public int Index { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    public Activation Activation { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    /// <summary>The weight on the connection from input neuron <paramref name="from"/> to this layer's neuron <paramref name="to"/>.</summary>
    public double W(int to, int from) => Weight.Value[(to * Inputs) + from];
}
