using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackpropServer.Engine.Numerics;

namespace BackpropServer.Engine.Training;

/// <summary>
/// The whole state of a training run as versioned JSON: config (which fixes the data through its seed), step,
/// weights, biases, optimizer state and the mini-batch sampler's position. Importing an export and training on
/// gives exactly what training the original would have given.
/// </summary>
public sealed record NetworkState
{
    public const string FormatName = "backprop-network";
    public const int CurrentVersion = 1;

    /// <summary>Weights beyond this size are refused on import: no run of the lesson gets near it, a corrupt file might.</summary>
    public const double MaxMagnitude = 1e6;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        WriteIndented = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    public TrainingConfig? Config { get; init; }

    public long Step { get; init; }

    public bool Diverged { get; init; }

    public int TracedPoint { get; init; }

    public IReadOnlyList<LayerState>? Layers { get; init; }

    /// <summary>SGD momentum buffers, one per layer, or null before momentum has run.</summary>
    public IReadOnlyList<LayerState>? Velocity { get; init; }

    /// <summary>The shuffled order of training examples for mini-batches (null for full-batch runs).</summary>
    public IReadOnlyList<int>? BatchOrder { get; init; }

    public int BatchCursor { get; init; }

    /// <summary>The sampler's xoshiro256** state as four hexadecimal words (JSON numbers cannot hold 64 bits exactly).</summary>
    public IReadOnlyList<string>? BatchRandomState { get; init; }

    public static NetworkState Export(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        bool miniBatch = session.Config.BatchSize != 0 && session.Config.BatchSize < session.Data.Train.Count;
        return new NetworkState
        {
            Config = session.Config,
            Step = session.StepCount,
            Diverged = session.Diverged,
            TracedPoint = session.TracedPoint,
            Layers = session.Model.Layers.Select(l => LayerState.From(l.Weight.Value, l.Bias.Value, l.Inputs)).ToArray(),
            Velocity = session.Optimizer.HasVelocity
                ? session.Model.Layers.Select(l => LayerState.From(
                    session.Optimizer.Velocity(2 * l.Index).ToArray(), session.Optimizer.Velocity((2 * l.Index) + 1).ToArray(), l.Inputs)).ToArray()
                : null,
            BatchOrder = miniBatch ? session.BatchOrder.ToArray() : null,
            BatchCursor = session.BatchCursor,
            BatchRandomState = session.BatchRandom.State.Select(w => w.ToString("x16", CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses and validates an export; any problem is an <see cref="InvalidConfigException"/> naming the field.</summary>
    public static TrainingSession Import(string json)
    {
        NetworkState? state;
        try
        {
            state = JsonSerializer.Deserialize<NetworkState>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "state" : e.Path.TrimStart('$', '.');
            throw new InvalidConfigException([new SettingError(field, "The file is not a valid network export: " + FirstSentence(e.Message))]);
        }
        return (state ?? throw new InvalidConfigException("The file is empty.")).ToSession();
    }

    /// <summary>Builds the session this state describes, after checking every field against the config and the limits.</summary>
    public TrainingSession ToSession()
    {
        var errors = new List<SettingError>();
        if (Format != FormatName)
        {
            errors.Add(new("format", $"Expected \"{FormatName}\"."));
        }
        if (Version != CurrentVersion)
        {
            errors.Add(new("version", $"Version {Version} is not supported; this server reads version {CurrentVersion}."));
        }
        if (Config is null)
        {
            throw new InvalidConfigException([new SettingError("config", "The config is missing.")]);
        }
        errors.AddRange(Config.Validate().Select(e => e with { Setting = "config." + e.Setting }));
        if (errors.Count > 0)
        {
            throw new InvalidConfigException(errors);
        }

        var session = new TrainingSession(Config);
        CheckLayers(session, Layers, "layers", errors);
        if (Velocity is not null)
        {
            CheckLayers(session, Velocity, "velocity", errors);
        }
        if (Step < 0)
        {
            errors.Add(new("step", "The step count cannot be negative."));
        }
        if (TracedPoint < 0 || TracedPoint >= session.PointCount)
        {
            errors.Add(new("tracedPoint", $"Must be a point index from 0 to {session.PointCount - 1}."));
        }
        int trainCount = session.Data.Train.Count;
        if (BatchOrder is not null && (BatchOrder.Count != trainCount || BatchOrder.Order().Where((v, i) => v != i).Any()))
        {
            errors.Add(new("batchOrder", $"Must list each training example 0 to {trainCount - 1} once."));
        }
        if (BatchCursor < 0 || BatchCursor >= trainCount)
        {
            errors.Add(new("batchCursor", $"Must be from 0 to {trainCount - 1}."));
        }
        SeededRandom? random = ParseRandom(BatchRandomState, errors);
        if (errors.Count > 0)
        {
            throw new InvalidConfigException(errors);
        }

        for (int l = 0; l < session.Model.Layers.Count; l++)
        {
            var layer = session.Model.Layers[l];
            Layers![l].CopyTo(layer.Weight.Value, layer.Bias.Value);
        }
        session.Optimizer.RestoreVelocity(Velocity?.SelectMany(v => new[] { v.FlatWeights(), v.Biases.ToArray() }).ToArray());
        session.Restore(Step, Diverged, TracedPoint, BatchOrder, BatchCursor, random!);
        return session;
    }

    private static void CheckLayers(TrainingSession session, IReadOnlyList<LayerState>? layers, string field, List<SettingError> errors)
    {
        var expected = session.Model.Layers;
        if (layers is null || layers.Count != expected.Count)
        {
            errors.Add(new(field, $"Expected {expected.Count} layers for this config."));
            return;
        }
        for (int l = 0; l < expected.Count; l++)
        {
            var (weights, biases) = (layers[l].Weights, layers[l].Biases);
            string name = $"{field}[{l}]";
            if (weights is null || weights.Count != expected[l].Outputs || weights.Any(row => row is null || row.Count != expected[l].Inputs))
            {
                errors.Add(new(name + ".weights", $"Expected {expected[l].Outputs} rows of {expected[l].Inputs} weights."));
            }
            else if (weights.SelectMany(row => row).Any(v => !IsAllowed(v)))
            {
                errors.Add(new(name + ".weights", $"Every weight must be a finite number of size at most {MaxMagnitude:0e0}."));
            }
            if (biases is null || biases.Count != expected[l].Outputs)
            {
                errors.Add(new(name + ".biases", $"Expected {expected[l].Outputs} biases."));
            }
            else if (biases.Any(v => !IsAllowed(v)))
            {
                errors.Add(new(name + ".biases", $"Every bias must be a finite number of size at most {MaxMagnitude:0e0}."));
            }
        }
    }

    private static SeededRandom? ParseRandom(IReadOnlyList<string>? words, List<SettingError> errors)
    {
        var parsed = new ulong[4];
        if (words is null || words.Count != 4 || words.Where((w, i) => !ulong.TryParse(w, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out parsed[i])).Any()
            || parsed.All(w => w == 0))
        {
            errors.Add(new("batchRandomState", "Expected four hexadecimal 64-bit words, not all zero."));
            return null;
        }
        return SeededRandom.FromState(parsed);
    }

    private static bool IsAllowed(double v) => double.IsFinite(v) && Math.Abs(v) <= MaxMagnitude;

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

/// <summary>One layer's weights (row j = the weights into neuron j) and biases.</summary>
public sealed record LayerState(IReadOnlyList<IReadOnlyList<double>> Weights, IReadOnlyList<double> Biases)
{
    internal static LayerState From(double[] weights, double[] biases, int inputs) =>
        new(weights.Chunk(inputs).Select(row => (IReadOnlyList<double>)row).ToArray(), biases.ToArray());

    internal double[] FlatWeights() => Weights.SelectMany(row => row).ToArray();

    internal void CopyTo(double[] weights, double[] biases)
    {
        FlatWeights().CopyTo(weights, 0);
        Biases.ToArray().CopyTo(biases, 0);
    }
}
