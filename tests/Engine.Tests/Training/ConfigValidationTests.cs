using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;

namespace BackpropServer.Engine.Tests.Training;

public sealed class ConfigValidationTests
{
    public static TheoryData<TrainingConfig, string, string> BadConfigs() => new()
    {
        { new TrainingConfig { HiddenLayers = [4, 9] }, "hiddenLayers", "1 to 8 neurons; layer 2 has 9" },
        { new TrainingConfig { HiddenLayers = [1, 1, 1, 1, 1, 1, 1] }, "hiddenLayers", "0 to 6 hidden layers" },
        { new TrainingConfig { HiddenLayers = [0] }, "hiddenLayers", "1 to 8 neurons" },
        { new TrainingConfig { LearningRate = 0 }, "learningRate", "between 0.00001 and 10" },
        { new TrainingConfig { LearningRate = -1 }, "learningRate", "between 0.00001 and 10" },
        { new TrainingConfig { LearningRate = 10.5 }, "learningRate", "between 0.00001 and 10" },
        { new TrainingConfig { LearningRate = double.NaN }, "learningRate", "between 0.00001 and 10" },
        { new TrainingConfig { LearningRate = double.PositiveInfinity }, "learningRate", "between 0.00001 and 10" },
        { new TrainingConfig { Activation = (ActivationKind)99 }, "activation", "Tanh, Relu, Sigmoid, Linear" },
        { new TrainingConfig { Dataset = (BackpropServer.Engine.Data.DatasetKind)7 }, "dataset", "Circle, Xor, Gaussians, Spiral, Plane" },
        { new TrainingConfig { Noise = 0.6 }, "noise", "between 0 and 0.5" },
        { new TrainingConfig { TrainRatio = 1 }, "trainRatio", "between 0.1 and 0.9" },
        { new TrainingConfig { Points = 5000 }, "points", "10 to 1000" },
        { new TrainingConfig { BatchSize = -3 }, "batchSize", "between 1 and 1000" },
        { new TrainingConfig { Momentum = 1 }, "momentum", "less than 1" },
        { new TrainingConfig { WeightDecay = double.NaN }, "weightDecay", "between 0 and 1" },
        { new TrainingConfig { Seed = -1 }, "seed", "0 to 2147483647" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Invalid_setting_is_refused_with_its_name_and_allowed_range(TrainingConfig config, string setting, string range)
    {
        var error = Assert.Throws<InvalidConfigException>(() => new TrainingSession(config));

        var named = Assert.Single(error.Errors);
        Assert.Equal(setting, named.Setting);
        Assert.Contains(range, named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var errors = new TrainingConfig { LearningRate = 0, Noise = 2, HiddenLayers = [9] }.Validate();
        Assert.Equal(["noise", "hiddenLayers", "learningRate"], errors.Select(e => e.Setting));
    }

    [Fact]
    public void Defaults_and_the_limits_themselves_are_accepted()
    {
        Assert.Empty(new TrainingConfig().Validate());
        Assert.Empty(new TrainingConfig
        {
            HiddenLayers = [8, 8, 8, 8, 8, 8], LearningRate = 10, Noise = 0.5, Points = 1000, TrainRatio = 0.9, BatchSize = 1,
        }.Validate());
        Assert.Empty(new TrainingConfig { HiddenLayers = [], LearningRate = 0.00001, Points = 10, TrainRatio = 0.1 }.Validate());
    }
}
