namespace BackpropServer.Engine.Model;

/// <summary>
/// A learnable tensor and the gradient that backprop accumulates into it (PyTorch's <c>p.data</c> and <c>p.grad</c>).
/// Gradients add up across backward passes until <see cref="Optim.Sgd.ZeroGrad"/> clears them, as in PyTorch.
/// </summary>
public sealed class Parameter
{
    public Parameter(string name, int rows, int columns)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        Value = new double[rows * columns];
        Grad = new double[rows * columns];
    }

    public string Name { get; }

    /// <summary>For a weight matrix: one row per neuron of the layer, one column per input. Biases have one column.</summary>
    public int Rows { get; }

    public int Columns { get; }

    public double[] Value { get; }

    public double[] Grad { get; }

    public int Length => Value.Length;
}
