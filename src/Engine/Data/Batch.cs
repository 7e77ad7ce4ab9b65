using BackpropServer.Engine.Numerics;

namespace BackpropServer.Engine.Data;

/// <summary>
/// Examples stored feature by feature (x₁ of every example, then x₂, then the targets), each row padded
/// with zeros to whole vectors. This layout lets one layer's arithmetic run down a row of examples at a time.
/// </summary>
public sealed class Batch
{
    public const int Features = 2;

    public Batch(int capacity)
    {
        Capacity = capacity;
        Stride = BatchMath.Padded(Math.Max(capacity, 1));
        Inputs = new double[Features * Stride];
        Targets = new double[Stride];
    }

    public int Capacity { get; }

    /// <summary>How many examples are in use; the rest of each row is zero.</summary>
    public int Count { get; private set; }

    /// <summary>Row length used by the model for this batch's current <see cref="Count"/>.</summary>
    public int Width => BatchMath.Padded(Count);

    internal int Stride { get; }

    internal double[] Inputs { get; }

    public double[] Targets { get; }

    public double X1(int example) => Inputs[example];

    public double X2(int example) => Inputs[Stride + example];

    public double Y(int example) => Targets[example];

    internal ReadOnlySpan<double> InputRow(int feature) => Inputs.AsSpan(feature * Stride, Width);

    public void Clear()
    {
        Array.Clear(Inputs);
        Array.Clear(Targets);
        Count = 0;
    }

    public void Add(double x1, double x2, double y)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"The batch holds at most {Capacity} examples.");
        }
        Inputs[Count] = x1;
        Inputs[Stride + Count] = x2;
        Targets[Count] = y;
        Count++;
    }

    /// <summary>Refills this batch with the chosen examples of <paramref name="source"/>, without allocating.</summary>
    public void CopyFrom(Batch source, ReadOnlySpan<int> examples)
    {
        ArgumentNullException.ThrowIfNull(source);
        Clear();
        foreach (int e in examples)
        {
            Add(source.X1(e), source.X2(e), source.Y(e));
        }
    }
}
