using System.Globalization;
using System.Text.Json.Serialization;
using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;

namespace BackpropServer.Engine.Training;

/// <summary>What the student can set: the data, the network, the optimizer and the seed.</summary>
public sealed record TrainingConfig
{
    public const double MinLearningRate = 0.00001;
    public const double MaxLearningRate = 10.0;
    public const double MaxNoise = 0.5;
    public const double MinTrainRatio = 0.1;
    public const double MaxTrainRatio = 0.9;
    public const int MinPoints = 10;
    public const int MaxPoints = 1000;

    public DatasetKind Dataset { get; init; } = DatasetKind.Circle;

    /// <summary>0 (clean) to 0.5 (half the data's scale of jitter).</summary>
    public double Noise { get; init; }

    /// <summary>Share of the points used for training; the rest are the test set.</summary>
    public double TrainRatio { get; init; } = 0.5;

    public int Points { get; init; } = 200;

    /// <summary>Neurons in each hidden layer, input side first; empty means the input feeds the output directly.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [4, 4];

    public ActivationKind Activation { get; init; } = ActivationKind.Tanh;

    public double LearningRate { get; init; } = 0.3;

    public double Momentum { get; init; }

    public double WeightDecay { get; init; }

    /// <summary>Examples per step; 0 means the whole training set (full-batch gradient descent).</summary>
    public int BatchSize { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>The plane is a regression task; every other dataset is a two-class classification.</summary>
    [JsonIgnore]
    public Head Head => Dataset == DatasetKind.Plane ? Head.Regression : Head.Classification;

    [JsonIgnore]
    public int TrainCount => Math.Clamp((int)Math.Round(Points * TrainRatio, MidpointRounding.AwayFromZero), 1, Points - 1);

    [JsonIgnore]
    public int TestCount => Points - TrainCount;

    /// <summary>Examples in one step: the batch size, or the whole training set.</summary>
    [JsonIgnore]
    public int StepBatchSize => BatchSize == 0 ? TrainCount : Math.Min(BatchSize, TrainCount);

    /// <summary>Same layers and activation: weights can carry over.</summary>
    public bool SameArchitecture(TrainingConfig other) =>
        other is not null && Activation == other.Activation && Dataset.HasSameHead(other.Dataset) && HiddenLayers.SequenceEqual(other.HiddenLayers);

    /// <summary>Same points, labels and split.</summary>
    public bool SameData(TrainingConfig other) =>
        other is not null && Dataset == other.Dataset && Noise == other.Noise && TrainRatio == other.TrainRatio && Points == other.Points && Seed == other.Seed;

    /// <summary>Every setting that is out of range, each named as in the JSON API, with the range it allows.</summary>
    public IReadOnlyList<SettingError> Validate()
    {
        var errors = new List<SettingError>();
        if (!Enum.IsDefined(Dataset))
        {
            errors.Add(new("dataset", $"Unknown dataset; choose one of {string.Join(", ", Enum.GetNames<DatasetKind>())}."));
        }
        if (!Enum.IsDefined(Activation))
        {
            errors.Add(new("activation", $"Unknown activation; choose one of {string.Join(", ", Enum.GetNames<ActivationKind>())}."));
        }
        if (!(Noise >= 0.0 && Noise <= MaxNoise))
        {
            errors.Add(new("noise", Invariant($"Noise must be between 0 and {MaxNoise} (50%).")));
        }
        if (!(TrainRatio >= MinTrainRatio && TrainRatio <= MaxTrainRatio))
        {
            errors.Add(new("trainRatio", Invariant($"The training share must be between {MinTrainRatio} and {MaxTrainRatio}.")));
        }
        if (Points is < MinPoints or > MaxPoints)
        {
            errors.Add(new("points", Invariant($"The dataset must have {MinPoints} to {MaxPoints} points.")));
        }
        if (HiddenLayers is null || HiddenLayers.Count > NetworkLimits.MaxHiddenLayers)
        {
            errors.Add(new("hiddenLayers", Invariant($"A network has 0 to {NetworkLimits.MaxHiddenLayers} hidden layers.")));
        }
        else
        {
            for (int l = 0; l < HiddenLayers.Count; l++)
            {
                if (HiddenLayers[l] is < NetworkLimits.MinNeurons or > NetworkLimits.MaxNeurons)
                {
                    errors.Add(new("hiddenLayers", Invariant(
                        $"Each hidden layer has {NetworkLimits.MinNeurons} to {NetworkLimits.MaxNeurons} neurons; layer {l + 1} has {HiddenLayers[l]}.")));
                }
            }
        }
        if (!(LearningRate >= MinLearningRate && LearningRate <= MaxLearningRate))
        {
            errors.Add(new("learningRate", Invariant($"The learning rate must be between {MinLearningRate:0.#####} and {MaxLearningRate}.")));
        }
        if (!(Momentum >= 0.0 && Momentum < 1.0))
        {
            errors.Add(new("momentum", "Momentum must be at least 0 and less than 1."));
        }
        if (!(WeightDecay >= 0.0 && WeightDecay <= 1.0))
        {
            errors.Add(new("weightDecay", "Weight decay must be between 0 and 1."));
        }
        if (BatchSize < 0 || BatchSize > MaxPoints)
        {
            errors.Add(new("batchSize", Invariant($"The batch size must be between 1 and {MaxPoints}, or 0 for the whole training set.")));
        }
        if (Seed < 0)
        {
            errors.Add(new("seed", "The seed must be a whole number from 0 to 2147483647."));
        }
        return errors;
    }

    /// <summary>Throws <see cref="InvalidConfigException"/> naming every bad setting.</summary>
    public TrainingConfig EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new InvalidConfigException(errors);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

public enum Head
{
    Classification,
    Regression,
}

/// <summary>One setting and what is wrong with it; <see cref="Setting"/> is the JSON property name.</summary>
public sealed record SettingError(string Setting, string Message);

public sealed class InvalidConfigException : Exception
{
    public InvalidConfigException(IReadOnlyList<SettingError> errors)
        : base(string.Join(" ", errors.Select(e => $"{e.Setting}: {e.Message}")))
    {
        Errors = errors;
    }

    public InvalidConfigException()
        : this([])
    {
    }

    public InvalidConfigException(string message)
        : base(message)
    {
        Errors = [new SettingError("state", message)];
    }

    public InvalidConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new SettingError("state", message)];
    }

    public IReadOnlyList<SettingError> Errors { get; }
}
