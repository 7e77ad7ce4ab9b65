using System.Globalization;
using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// Reads the controls form (the same fields whether htmx or a plain browser sent it) into a config, applying the
/// +/− buttons for layers and neurons. Each problem is keyed by the form field it belongs to.
/// </summary>
public static class SettingsForm
{
    public static readonly double[] LearningRates = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
    public static readonly int[] BatchSizes = [0, 1, 5, 10, 20, 50];

    public static (TrainingConfig? Config, Dictionary<string, string[]> Errors) Parse(IFormCollection form, TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(current);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var config = current with
        {
            Dataset = ReadEnum(form, "dataset", current.Dataset, errors),
            Activation = ReadEnum(form, "activation", current.Activation, errors),
            LearningRate = ReadDouble(form, "learningRate", current.LearningRate, errors),
            Noise = ReadDouble(form, "noise", current.Noise * 100, errors) / 100,
            TrainRatio = ReadDouble(form, "trainRatio", current.TrainRatio * 100, errors) / 100,
            BatchSize = ReadInt(form, "batchSize", current.BatchSize, errors),
            Seed = ReadInt(form, "seed", current.Seed, errors),
            HiddenLayers = ApplyChange(ReadLayers(form, current.HiddenLayers, errors), form["change"].ToString()),
        };
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        foreach (var error in config.Validate())
        {
            // The form shows noise and the training share as percentages, and the layers as a list of neuron counts.
            (string field, string message) = error.Setting switch
            {
                "noise" => ("noise", "Noise must be from 0 to 50%."),
                "trainRatio" => ("trainRatio", "The training share must be from 10 to 90%."),
                "hiddenLayers" => ("neurons", error.Message),
                _ => (error.Setting, error.Message),
            };
            errors[field] = [message];
        }
        return errors.Count > 0 ? (null, errors) : (config, errors);
    }

    /// <summary>The +/− buttons: "add-layer", "remove-layer", "add-neuron:2", "remove-neuron:2" (layer index).</summary>
    private static IReadOnlyList<int> ApplyChange(IReadOnlyList<int> layers, string change)
    {
        var result = layers.ToList();
        string[] parts = change.Split(':');
        int layer = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int l) && l >= 0 && l < result.Count ? l : -1;
        switch (parts[0])
        {
            case "add-layer" when result.Count < NetworkLimits.MaxHiddenLayers:
                result.Add(result.Count > 0 ? result[^1] : 2);
                break;
            case "remove-layer" when result.Count > 0:
                result.RemoveAt(result.Count - 1);
                break;
            case "add-neuron" when layer >= 0 && result[layer] < NetworkLimits.MaxNeurons:
                result[layer]++;
                break;
            case "remove-neuron" when layer >= 0 && result[layer] > NetworkLimits.MinNeurons:
                result[layer]--;
                break;
        }
        return result;
    }

    private static IReadOnlyList<int> ReadLayers(IFormCollection form, IReadOnlyList<int> fallback, Dictionary<string, string[]> errors)
    {
        if (!form.ContainsKey("neurons") && !form.ContainsKey("layers"))
        {
            return fallback;
        }
        var layers = new List<int>();
        foreach (string? value in form["neurons"])
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            {
                errors["neurons"] = ["Each layer's neuron count must be a whole number from 1 to 8."];
                return fallback;
            }
            layers.Add(n);
        }
        return layers;
    }

    private static TEnum ReadEnum<TEnum>(IFormCollection form, string field, TEnum fallback, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        string value = form[field].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }
        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0]) && value[0] != '-')
        {
            return parsed;
        }
        errors[field] = [$"Unknown {field} \"{value}\"; choose one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}."];
        return fallback;
    }

    private static double ReadDouble(IFormCollection form, string field, double fallback, Dictionary<string, string[]> errors)
    {
        string value = form[field].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && double.IsFinite(parsed))
        {
            return parsed;
        }
        errors[field] = [$"\"{value}\" is not a number."];
        return fallback;
    }

    private static int ReadInt(IFormCollection form, string field, int fallback, Dictionary<string, string[]> errors)
    {
        string value = form[field].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed))
        {
            return parsed;
        }
        errors[field] = [$"\"{value}\" is not a whole number."];
        return fallback;
    }
}
