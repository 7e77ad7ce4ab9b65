using System.Text.Json.Nodes;
using BackpropServer.Engine.Training;

namespace BackpropServer.Engine.Tests.Training;

public sealed class NetworkStateTests
{
    private static TrainingSession Trained(int steps = 7)
    {
        var session = new TrainingSession(new TrainingConfig { BatchSize = 16, Momentum = 0.8, WeightDecay = 0.001, HiddenLayers = [5, 3], Seed = 9 });
        session.Train(steps);
        session.TracePoint(4);
        return session;
    }

    [Fact]
    public void Export_then_import_round_trips_exactly()
    {
        var original = Trained();
        string json = NetworkState.Export(original).ToJson();

        var imported = NetworkState.Import(json);

        Assert.Equal(json, NetworkState.Export(imported).ToJson());
        Assert.Equal(original.StepCount, imported.StepCount);
        Assert.Equal(4, imported.TracedPoint);
    }

    [Fact]
    public void Imported_run_trains_on_exactly_as_the_original_would()
    {
        var original = Trained();
        var imported = NetworkState.Import(NetworkState.Export(original).ToJson());

        for (int s = 0; s < 12; s++)
        {
            var a = original.Step();
            var b = imported.Step();
            Assert.Equal(a.Batch.ToArray(), b.Batch.ToArray());
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.BatchLoss), BitConverter.DoubleToInt64Bits(b.BatchLoss));
        }
        Assert.Equal(TestNetworks.Bits(TestNetworks.Values(original)), TestNetworks.Bits(TestNetworks.Values(imported)));
    }

    [Fact]
    public void Export_is_versioned_json_with_config_weights_and_optimizer_state()
    {
        var node = JsonNode.Parse(NetworkState.Export(Trained()).ToJson())!;
        Assert.Equal("backprop-network", (string?)node["format"]);
        Assert.Equal(1, (int?)node["version"]);
        Assert.Equal("circle", (string?)node["config"]!["dataset"]);
        Assert.Equal(9, (int?)node["config"]!["seed"]);
        Assert.Equal(7, (long?)node["step"]);
        Assert.Equal(3, node["layers"]!.AsArray().Count);
        Assert.Equal(5, node["layers"]![0]!["weights"]!.AsArray().Count);
        Assert.Equal(2, node["layers"]![0]!["weights"]![0]!.AsArray().Count);
        Assert.NotNull(node["velocity"]);
        Assert.Equal(4, node["batchRandomState"]!.AsArray().Count);
    }

    public static TheoryData<Func<JsonNode, JsonNode>, string> Corruptions() => new()
    {
        { n => Set(n, "version", 2), "version" },
        { n => Set(n, "format", "something-else"), "format" },
        { n => { n["layers"]![0]!["weights"]!.AsArray().RemoveAt(0); return n; }, "layers[0].weights" },
        { n => { n["layers"]![1]!["weights"]![0]![0] = 1e300; return n; }, "layers[1].weights" },
        { n => { n["layers"]![2]!["biases"] = new JsonArray(1.0, 2.0); return n; }, "layers[2].biases" },
        { n => { n["layers"]!.AsArray().RemoveAt(2); return n; }, "layers" },
        { n => { n["config"]!["hiddenLayers"] = new JsonArray(9); return n; }, "config.hiddenLayers" },
        { n => { n["config"]!["learningRate"] = 0; return n; }, "config.learningRate" },
        { n => { n["config"]!["activation"] = "swish"; return n; }, "config.activation" },
        { n => Set(n, "step", -1), "step" },
        { n => Set(n, "tracedPoint", 5000), "tracedPoint" },
        { n => { n["batchOrder"]![0] = 1; return n; }, "batchOrder" },
        { n => Set(n, "batchCursor", 500), "batchCursor" },
        { n => { n["batchRandomState"] = new JsonArray("0", "0", "0", "0"); return n; }, "batchRandomState" },
        { n => { n["velocity"]![0]!["biases"]![0] = "x"; return n; }, "velocity[0].biases[0]" },
        { n => Set(n, "surprise", true), "surprise" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_import_is_refused_naming_the_field(Func<JsonNode, JsonNode> corrupt, string field)
    {
        var node = JsonNode.Parse(NetworkState.Export(Trained()).ToJson())!;
        string json = corrupt(node).ToJsonString();

        var error = Assert.Throws<InvalidConfigException>(() => NetworkState.Import(json));

        Assert.Contains(error.Errors, e => e.Setting == field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"layers\": [{\"weights\": [[NaN]]}]}")]
    public void Malformed_json_is_refused(string json)
    {
        Assert.Throws<InvalidConfigException>(() => NetworkState.Import(json));
    }

    private static JsonNode Set(JsonNode node, string key, JsonNode? value)
    {
        node[key] = value;
        return node;
    }
}
