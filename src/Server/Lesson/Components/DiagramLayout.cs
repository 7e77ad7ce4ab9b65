namespace BackpropServer.Server.Lesson.Components;

/// <summary>
/// Where each neuron and connection of the diagram goes, and the blame scale. wwwroot/js/diagram.js draws the live
/// diagram with the same geometry and the same scale, so the picture without JavaScript matches the live one.
/// </summary>
public sealed class DiagramLayout
{
    public const int Width = 640;
    public const int Height = 360;
    public const int Radius = 14;

    /// <summary>|∂L/∂w| at which a line reaches its full width; the legend labels this scale.</summary>
    public const double FullScaleGradient = 0.5;
    public const double MinStroke = 0.75;
    public const double MaxStroke = 10;

    public DiagramLayout(IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var neurons = new List<NeuronPlace>();
        var edges = new List<EdgePlace>();
        int index = 0, parameter = 0;
        var previous = new List<NeuronPlace>();
        for (int l = 0; l < layers.Count; l++)
        {
            double x = 40 + ((Width - 80) * (layers.Count == 1 ? 0.5 : (double)l / (layers.Count - 1)));
            var current = new List<NeuronPlace>();
            int weights = l == 0 ? 0 : layers[l] * layers[l - 1];
            for (int j = 0; j < layers[l]; j++)
            {
                double y = (Height / 2.0) + ((j - ((layers[l] - 1) / 2.0)) * Math.Min(40, (Height - 40) / (double)Math.Max(1, layers[l])));
                int? bias = l == 0 ? null : parameter + weights + j;
                current.Add(new NeuronPlace(index++, l, x, y, bias));
            }
            if (l > 0)
            {
                for (int j = 0; j < current.Count; j++)
                {
                    for (int i = 0; i < previous.Count; i++)
                    {
                        edges.Add(new EdgePlace(parameter + (j * previous.Count) + i, previous[i].X, previous[i].Y, current[j].X, current[j].Y));
                    }
                }
                parameter += weights + layers[l];
            }
            neurons.AddRange(current);
            previous = current;
        }
        Neurons = neurons;
        Edges = edges;
    }

    public IReadOnlyList<NeuronPlace> Neurons { get; }

    public IReadOnlyList<EdgePlace> Edges { get; }

    /// <summary>Linear in |∂L/∂w| from <see cref="MinStroke"/> up to <see cref="MaxStroke"/> at <see cref="FullScaleGradient"/>.</summary>
    public static double StrokeWidth(double gradient) =>
        MinStroke + ((MaxStroke - MinStroke) * Math.Min(1.0, Math.Abs(gradient) / FullScaleGradient));
}

public sealed record NeuronPlace(int Index, int Layer, double X, double Y, int? BiasParameter);

public sealed record EdgePlace(int Parameter, double X1, double Y1, double X2, double Y2);
