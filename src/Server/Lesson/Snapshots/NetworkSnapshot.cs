using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;
using BackpropServer.Server.Lesson.Sessions;

namespace BackpropServer.Server.Lesson.Snapshots;

/// <summary>
/// Everything the page draws after a step, at full precision (the JSON API's form). Flat parameter arrays run layer by
/// layer, each layer's weights (row = receiving neuron, column = sending neuron) then its biases; neuron arrays run
/// over the inputs, each hidden layer, then the output. Gradients and the trace come from the step's backward pass,
/// before the update; <see cref="Parameters"/> are the weights after it.
/// </summary>
public sealed record NetworkSnapshot
{
    public const int GridSize = 40;

    /// <summary>Counts every change to the session's network; a page ignores a snapshot older than one it has drawn.</summary>
    public required long Version { get; init; }
    public required int Generation { get; init; }
    public required long Step { get; init; }
    public required bool Diverged { get; init; }
    public required bool Playing { get; init; }
    public required double LearningRate { get; init; }
    public required string Dataset { get; init; }
    public required string Activation { get; init; }
    public required string Head { get; init; }

    /// <summary>Neurons per layer, inputs first: [2, 4, 4, 1] for the default network.</summary>
    public required int[] Layers { get; init; }

    public required double BatchLoss { get; init; }
    public required double? TrainLoss { get; init; }
    public required double? TestLoss { get; init; }
    public required double? TrainAccuracy { get; init; }
    public required double? TestAccuracy { get; init; }
    public required int BatchSize { get; init; }

    public required double[] Parameters { get; init; }
    public required double[] Gradients { get; init; }
    public required double[] Updates { get; init; }
    public required double[] LayerGradientNorms { get; init; }

    public required int TracedPoint { get; init; }
    public required double[] TraceZ { get; init; }
    public required double[] TraceA { get; init; }
    public required double[] TraceDelta { get; init; }

    /// <summary>
    /// <see cref="GridSize"/>² outputs over [−6, 6]², top row first: P(class 1), or the predicted value for regression.
    /// Empty when captured without it (the pushed snapshot, whose page works the grid out itself).
    /// </summary>
    public required double[] Grid { get; init; }

    /// <summary>Neurons per layer, inputs first, as <see cref="Layers"/> lists them.</summary>
    public static int[] LayerSizes(Mlp model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sizes = new int[model.Layers.Count + 1];
        sizes[0] = NetworkLimits.Inputs;
        for (int l = 0; l < model.Layers.Count; l++)
        {
            sizes[l + 1] = model.Layers[l].Outputs;
        }
        return sizes;
    }

    /// <summary>Reads a session's network; call with the session's gate held.</summary>
    public static NetworkSnapshot Capture(StudentSession session, bool withGrid = true)
    {
        ArgumentNullException.ThrowIfNull(session);
        var training = session.Training;
        var record = training.LastStep;
        var metrics = session.History.Latest;
        var parameters = new double[training.Model.ParameterCount];
        training.Model.CopyValuesTo(parameters);
        var grid = withGrid ? new double[GridSize * GridSize] : [];
        if (withGrid)
        {
            training.DecisionGrid(GridSize, grid);
        }
        return new NetworkSnapshot
        {
            Version = session.Version,
            Generation = session.Generation,
            Step = training.StepCount,
            Diverged = training.Diverged,
            Playing = session.Playing,
            LearningRate = training.Config.LearningRate,
            Dataset = Names.Of(training.Config.Dataset),
            Activation = Names.Of(training.Config.Activation),
            Head = Names.Of(training.Config.Head),
            Layers = LayerSizes(training.Model),
            BatchLoss = record.BatchLoss,
            TrainLoss = metrics.TrainLoss,
            TestLoss = metrics.TestLoss,
            TrainAccuracy = metrics.TrainAccuracy,
            TestAccuracy = metrics.TestAccuracy,
            BatchSize = training.Config.StepBatchSize,
            Parameters = parameters,
            Gradients = (double[])record.Gradients.Clone(),
            Updates = (double[])record.Updates.Clone(),
            LayerGradientNorms = (double[])record.LayerGradientNorms.Clone(),
            TracedPoint = record.TracedPoint,
            TraceZ = (double[])record.TraceZ.Clone(),
            TraceA = (double[])record.TraceA.Clone(),
            TraceDelta = (double[])record.TraceDelta.Clone(),
            Grid = grid,
        };
    }
}

/// <summary>Enum values as the API spells them (camelCase), worked out once per value rather than at every call.</summary>
public static class Names
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Cache<TEnum>.Names.TryGetValue(value, out string? name) ? name : Spell(value.ToString());

    private static string Spell(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Names = Enum.GetValues<TEnum>().ToDictionary(v => v, v => Spell(v.ToString()));
    }
}
