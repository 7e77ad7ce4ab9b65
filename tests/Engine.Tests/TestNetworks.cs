using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;

namespace BackpropServer.Engine.Tests;

internal static class TestNetworks
{
    /// <summary>Every parameter, flat, as the record and the export order them.</summary>
    public static double[] Values(TrainingSession session)
    {
        var values = new double[session.Model.ParameterCount];
        session.Model.CopyValuesTo(values);
        return values;
    }

    public static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Sets a layer's weights (row j = the weights into neuron j) and biases.</summary>
    public static void Set(DenseLayer layer, double[][] weights, double[] biases)
    {
        for (int j = 0; j < layer.Outputs; j++)
        {
            for (int i = 0; i < layer.Inputs; i++)
            {
                layer.Weight.Value[(j * layer.Inputs) + i] = weights[j][i];
            }
            layer.Bias.Value[j] = biases[j];
        }
    }

    public static Batch OneExample(double x1, double x2, double y)
    {
        var batch = new Batch(1);
        batch.Add(x1, x2, y);
        return batch;
    }

    /// <summary>Which hidden neurons are above zero for every training example (ReLU's on/off pattern).</summary>
    public static bool[] ReluPattern(TrainingSession session)
    {
        using var pred = session.Model.Forward(session.Data.Train);
        var pattern = new List<bool>();
        for (int l = 0; l < session.Model.Layers.Count - 1; l++)
        {
            for (int j = 0; j < session.Model.Layers[l].Outputs; j++)
            {
                foreach (double z in pred.Z(l, j)[..pred.Count])
                {
                    pattern.Add(z > 0);
                }
            }
        }
        return pattern.ToArray();
    }
}
