using System.Text.Json;
using BackpropServer.Engine.Model;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Lesson.Sessions;

namespace BackpropServer.Server.Quiz;

/// <summary>The student's network as the live questions see it: its connections and its last step's gradients.</summary>
public sealed record LiveNetwork(long Step, int Generation, bool Diverged, IReadOnlyList<Connection> Connections, int SuggestedWeight)
{
    public IReadOnlySet<int> WeightIndices { get; } = Connections.Select(c => c.Index).ToHashSet();

    public Connection? Find(int index) => Connections.FirstOrDefault(c => c.Index == index);

    /// <summary>Reads a session's network (call with its gate held).</summary>
    public static LiveNetwork Read(StudentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var training = session.Training;
        int[] layers = [NetworkLimits.Inputs, .. training.Model.Layers.Select(l => l.Outputs)];
        var connections = ConnectionNames.Weights(layers)
            .Select(w => new Connection(w.Index, w.Name, w.Layer, training.LastStep.Gradients[w.Index]))
            .ToArray();
        return new LiveNetwork(training.StepCount, session.Generation, training.Diverged, connections, Suggest(connections));
    }

    // The next-step question asks about a weight near the inputs (where blame arrives last), but never the one with the
    // largest gradient overall, which is the answer to the other live question.
    private static int Suggest(Connection[] connections)
    {
        var largest = connections.MaxBy(c => Math.Abs(c.Gradient))!;
        var candidates = connections.Where(c => c.Index != largest.Index).ToArray();
        if (candidates.Length == 0)
        {
            return largest.Index;
        }
        int firstLayer = candidates.Min(c => c.Layer);
        return candidates.Where(c => c.Layer == firstLayer).MaxBy(c => Math.Abs(c.Gradient))!.Index;
    }
}

/// <summary>A weight of the student's network: flat parameter index, name as the lesson's diagram words it, last gradient.</summary>
public sealed record Connection(int Index, string Name, int Layer, double Gradient);

/// <summary>Names connections the way the lesson's ledger does: "weight from input x₁ to neuron 2 of hidden layer 1".</summary>
public static class ConnectionNames
{
    public static IEnumerable<(int Index, int Layer, string Name)> Weights(IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        int parameter = 0;
        for (int l = 1; l < layers.Count; l++)
        {
            for (int j = 0; j < layers[l]; j++)
            {
                for (int i = 0; i < layers[l - 1]; i++)
                {
                    yield return (parameter + (j * layers[l - 1]) + i, l, $"weight from {Neuron(layers, l - 1, i)} to {Neuron(layers, l, j)}");
                }
            }
            parameter += (layers[l] * layers[l - 1]) + layers[l];
        }
    }

    private static string Neuron(IReadOnlyList<int> layers, int layer, int position) =>
        layer == 0 ? (position == 0 ? "input x₁" : "input x₂")
        : layer == layers.Count - 1 ? "the output"
        : $"neuron {position + 1} of hidden layer {layer}";
}

/// <summary>What the live questions were graded on, stored with the response so the grade can be explained and re-checked.</summary>
public sealed record LiveFacts(LargestGradientFacts? Largest, NextStepFacts? NextStep);

public sealed record LargestGradientFacts(long Step, int Generation, IReadOnlyList<Connection> Top, double LargestMagnitude, IReadOnlyList<Connection> All);

public sealed record NextStepFacts(int Weight, string Name, long StepBefore, long StepAfter, double Before, double After, double Gradient, double LearningRate, bool Diverged);

public static class LiveGrading
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Collects the facts the live questions are graded against. The next-step question runs that step on the student's
    /// network now: the page then shows which way the weight really went.
    /// </summary>
    public static async Task<LiveFacts> GatherAsync(
        QuestionSet set, IReadOnlyDictionary<string, string> answers, StudentSession session, LiveNetwork network, NetworkTrainer trainer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(trainer);
        LargestGradientFacts? largest = null;
        NextStepFacts? next = null;
        if (set.Questions.Any(q => q.Kind == QuestionKind.LargestGradient))
        {
            var ranked = network.Connections.OrderByDescending(c => Math.Abs(c.Gradient)).ToArray();
            largest = new LargestGradientFacts(network.Step, network.Generation, ranked.Take(3).ToArray(), Math.Abs(ranked[0].Gradient), network.Connections);
        }
        if (set.Questions.Any(q => q.Kind == QuestionKind.NextStepDirection))
        {
            int weight = int.Parse(answers[Answers.NextStepWeightField], System.Globalization.CultureInfo.InvariantCulture);
            next = await trainer.ObserveNextStepAsync(session, weight, network.Find(weight)!.Name, cancellationToken).ConfigureAwait(false);
        }
        return new LiveFacts(largest, next);
    }
}
