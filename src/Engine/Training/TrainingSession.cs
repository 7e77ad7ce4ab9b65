using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Numerics;
using BackpropServer.Engine.Optim;

namespace BackpropServer.Engine.Training;

/// <summary>
/// One student's network, data and optimizer, and the training step — the C# twin of the PyTorch loop:
/// <code>
/// pred = model(X)            var pred = Model.Forward(batch);
/// loss = loss_fn(pred, y)    var loss = LossFunction.Forward(pred, batch.Targets);
/// loss.backward()            loss.Backward();
/// optimizer.step()           Optimizer.Step();
/// optimizer.zero_grad()      Optimizer.ZeroGrad();
/// </code>
/// Not thread-safe: the caller runs one step of a session at a time.
/// </summary>
public sealed class TrainingSession
{
    private readonly Batch _miniBatch;
    private readonly int[] _batchOrder;
    private int _batchCursor;
    private SeededRandom _batchRandom;

    public TrainingSession(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.EnsureValid();
        Data = Dataset.Generate(config.Dataset, config.Points, config.TrainRatio, config.Noise, config.Seed);
        Model = new Mlp(config.HiddenLayers, config.Activation);
        Model.Initialize(new SeededRandom(config.Seed, stream: 2));
        LossFunction = config.Head == Head.Classification ? BceWithLogitsLoss.Instance : MseLoss.Instance;
        Optimizer = new Sgd(Model.Parameters, config.LearningRate, config.Momentum, config.WeightDecay);
        _miniBatch = new Batch(config.StepBatchSize);
        _batchOrder = Enumerable.Range(0, Data.Train.Count).ToArray();
        _batchRandom = new SeededRandom(config.Seed, stream: 3);
        LastStep = new StepRecord(Model.ParameterCount, Model.NeuronCount, Model.Layers.Count, config.StepBatchSize);
        Trace(LastStep);
    }

    public TrainingConfig Config { get; private set; }

    public Dataset Data { get; }

    public Mlp Model { get; }

    public LossFunction LossFunction { get; }

    public Sgd Optimizer { get; }

    /// <summary>How many steps have been applied.</summary>
    public long StepCount { get; private set; }

    /// <summary>Set when a step produced a non-finite loss or gradient; training refuses to go on until a reset.</summary>
    public bool Diverged { get; private set; }

    public StepRecord LastStep { get; }

    /// <summary>The point traced through each step: training points first, then test points.</summary>
    public int TracedPoint { get; private set; }

    public int PointCount => Data.Train.Count + Data.Test.Count;

    /// <summary>
    /// Changes the learning rate, momentum or weight decay, keeping the weights.
    /// Returns false (and changes nothing) when the new config needs a new network.
    /// </summary>
    public bool TryRetune(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        if (!config.SameArchitecture(Config) || !config.SameData(Config) || config.StepBatchSize != Config.StepBatchSize)
        {
            return false;
        }
        Config = config;
        Optimizer.LearningRate = config.LearningRate;
        Optimizer.Momentum = config.Momentum;
        Optimizer.WeightDecay = config.WeightDecay;
        return true;
    }

    public void TracePoint(int point)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(point);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(point, PointCount);
        TracedPoint = point;
        Trace(LastStep);
    }

    /// <summary>One step of gradient descent on the next batch. Allocates nothing.</summary>
    public StepRecord Step()
    {
        var record = LastStep;
        if (Diverged)
        {
            return record;
        }
        var batch = NextBatch(record);

        var pred = Model.Forward(batch);                          // pred = model(X)
        var loss = LossFunction.Forward(pred, batch.Targets);     // loss = loss_fn(pred, y)
        loss.Backward();                                          // loss.backward()

        bool finite = double.IsFinite(loss.Value) && Model.GradientsAreFinite();
        if (finite)
        {
            Trace(record);                                        // z, a and δ of the traced point, before the update
            Model.CopyGradientsTo(record.Gradients);
            finite = Optimizer.Step();                            // optimizer.step(): refuses a non-finite update
        }
        Optimizer.ZeroGrad();                                     // optimizer.zero_grad()

        if (!finite)
        {
            // Nothing was applied, so the record must not show an update.
            Array.Clear(record.Updates);
            Diverged = true;
            record.Diverged = true;
            return record;
        }
        StepCount++;
        record.Step = StepCount;
        record.BatchLoss = loss.Value;
        record.Diverged = false;
        CopyUpdatesAndNorms(record);
        return record;
    }

    /// <summary>Runs up to <paramref name="steps"/> steps, stopping early if training diverges.</summary>
    public StepRecord Train(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        for (int s = 0; s < steps && !Diverged; s++)
        {
            Step();
        }
        return LastStep;
    }

    /// <summary>Loss and accuracy of the current weights on the training and test sets.</summary>
    public Metrics Evaluate()
    {
        var (trainLoss, trainAccuracy) = EvaluateOn(Data.Train);
        var (testLoss, testAccuracy) = EvaluateOn(Data.Test);
        return new Metrics(Finite(trainLoss), trainAccuracy, Finite(testLoss), testAccuracy);
    }

    /// <summary>
    /// The network's output on a <paramref name="resolution"/>² grid of cell centres over [−6, 6]², row by row from the top
    /// (x₂ = +6) and left to right: the probability of class 1 for classification, the predicted value for regression.
    /// </summary>
    public void DecisionGrid(int resolution, Span<double> output)
    {
        var chunks = DecisionGridPoints.For(resolution);
        if (output.Length < resolution * resolution)
        {
            throw new ArgumentException("The output is smaller than the grid.", nameof(output));
        }
        int at = 0;
        foreach (var chunk in chunks)
        {
            using var pred = Model.Forward(chunk);
            var logits = pred.Logits;
            for (int k = 0; k < logits.Length; k++)
            {
                double v = Config.Head == Head.Classification ? DeterministicMath.Sigmoid(logits[k]) : logits[k];
                output[at++] = double.IsNaN(v) ? 0.5 : Math.Clamp(v, -1e6, 1e6);
            }
        }
    }

    /// <summary>
    /// Compares backprop's ∂L/∂w for one parameter with the central difference (L(w+h) − L(w−h)) / 2h on the
    /// whole training set. The network is left exactly as it was.
    /// </summary>
    public GradientCheck CheckGradient(int parameterIndex, double epsilon = 1e-5)
    {
        var (parameter, offset) = Model.Locate(parameterIndex);
        var batch = Data.Train;

        var pred = Model.Forward(batch);
        var loss = LossFunction.Forward(pred, batch.Targets);
        loss.Backward();
        double backprop = parameter.Grad[offset];
        Optimizer.ZeroGrad();

        double original = parameter.Value[offset];
        double plus = original + epsilon;
        double minus = original - epsilon;
        parameter.Value[offset] = plus;
        double lossPlus = LossOf(batch);
        parameter.Value[offset] = minus;
        double lossMinus = LossOf(batch);
        parameter.Value[offset] = original;

        double estimate = (lossPlus - lossMinus) / (plus - minus);
        if (!double.IsFinite(backprop) || !double.IsFinite(estimate))
        {
            throw new InvalidOperationException("The loss is not finite at these weights; reset the network first.");
        }
        return new GradientCheck(parameterIndex, parameter.Name, backprop, estimate, epsilon, Model.ParameterCount);
    }

    internal int BatchCursor => _batchCursor;

    internal ReadOnlySpan<int> BatchOrder => _batchOrder;

    internal SeededRandom BatchRandom => _batchRandom;

    /// <summary>Puts the run back where an export left it (used by <see cref="NetworkState"/>).</summary>
    internal void Restore(long step, bool diverged, int tracedPoint, IReadOnlyList<int>? batchOrder, int batchCursor, SeededRandom batchRandom)
    {
        StepCount = step;
        Diverged = diverged;
        LastStep.Step = step;
        LastStep.Diverged = diverged;
        TracedPoint = tracedPoint;
        batchOrder?.ToArray().CopyTo(_batchOrder, 0);
        _batchCursor = batchCursor;
        _batchRandom = batchRandom;
        Trace(LastStep);
    }

    // Full batch: the training set itself. Mini-batch: the next slice of a shuffled order, reshuffled each epoch
    // (PyTorch's DataLoader with shuffle=True, drop_last=False).
    private Batch NextBatch(StepRecord record)
    {
        if (Config.BatchSize == 0 || Config.BatchSize >= Data.Train.Count)
        {
            for (int e = 0; e < Data.Train.Count; e++)
            {
                record.BatchExamples[e] = e;
            }
            record.BatchCount = Data.Train.Count;
            return Data.Train;
        }
        if (_batchCursor == 0)
        {
            _batchRandom.Shuffle(_batchOrder);
        }
        int take = Math.Min(Config.BatchSize, _batchOrder.Length - _batchCursor);
        var examples = _batchOrder.AsSpan(_batchCursor, take);
        examples.CopyTo(record.BatchExamples);
        record.BatchCount = take;
        _batchCursor = (_batchCursor + take) % _batchOrder.Length;
        _miniBatch.CopyFrom(Data.Train, examples);
        return _miniBatch;
    }

    private void CopyUpdatesAndNorms(StepRecord record)
    {
        int at = 0;
        for (int k = 0; k < Model.Parameters.Count; k++)
        {
            var update = Optimizer.LastUpdate(k);
            update.CopyTo(record.Updates.AsSpan(at));
            at += update.Length;
        }
        at = 0;
        for (int l = 0; l < Model.Layers.Count; l++)
        {
            var layer = Model.Layers[l];
            int length = layer.Weight.Length + layer.Bias.Length;
            double sum = 0.0;
            foreach (double g in record.Gradients.AsSpan(at, length))
            {
                sum += g * g;
            }
            record.LayerGradientNorms[l] = Math.Sqrt(sum);
            at += length;
        }
    }

    /// <summary>
    /// Runs the traced point forward and backward by hand, one neuron at a time, in the same order of operations as
    /// the batch code, so its z and a equal the batch's bit for bit.
    /// </summary>
    private void Trace(StepRecord record)
    {
        record.TracedPoint = TracedPoint;
        var source = TracedPoint < Data.Train.Count ? Data.Train : Data.Test;
        int e = TracedPoint < Data.Train.Count ? TracedPoint : TracedPoint - Data.Train.Count;
        double[] z = record.TraceZ, a = record.TraceA, delta = record.TraceDelta;
        z[0] = a[0] = source.X1(e);
        z[1] = a[1] = source.X2(e);

        int below = 0;
        int start = NetworkLimits.Inputs;
        // Indexed loops: a foreach over the IReadOnlyList would allocate an enumerator every step.
        for (int l = 0; l < Model.Layers.Count; l++)
        {
            var layer = Model.Layers[l];
            for (int j = 0; j < layer.Outputs; j++)
            {
                double sum = layer.Bias.Value[j];
                for (int i = 0; i < layer.Inputs; i++)
                {
                    sum += layer.W(j, i) * a[below + i];
                }
                z[start + j] = sum;
                a[start + j] = layer.Activation.Apply(sum);
            }
            below = start;
            start += layer.Outputs;
        }

        int output = Model.NeuronCount - 1;
        delta[output] = LossFunction.ExampleGradient(z[output], source.Y(e));
        int upper = output;
        for (int l = Model.Layers.Count - 1; l >= 0; l--)
        {
            var layer = Model.Layers[l];
            int lower = upper - layer.Inputs;
            for (int i = 0; i < layer.Inputs; i++)
            {
                double sum = 0.0;
                for (int j = 0; j < layer.Outputs; j++)
                {
                    sum += layer.W(j, i) * delta[upper + j];
                }
                // Input neurons have no activation: their δ is ∂ℓ/∂x itself.
                delta[lower + i] = l == 0 ? sum : sum * Model.Layers[l - 1].Activation.Derivative(z[lower + i], a[lower + i]);
            }
            upper = lower;
        }
    }

    private (double Loss, double? Accuracy) EvaluateOn(Batch batch)
    {
        using var pred = Model.Forward(batch);
        return LossFunction.Evaluate(pred, batch.Targets);
    }

    private double LossOf(Batch batch) => EvaluateOn(batch).Loss;

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

/// <summary>Loss and accuracy of the current weights; null where not finite (loss) or not meaningful (regression accuracy).</summary>
public sealed record Metrics(double? TrainLoss, double? TrainAccuracy, double? TestLoss, double? TestAccuracy);

/// <summary>Backprop's gradient for one weight next to the finite-difference estimate, and what each method costs.</summary>
public sealed record GradientCheck(int ParameterIndex, string ParameterName, double Backprop, double FiniteDifference, double Epsilon, int ParameterCount)
{
    /// <summary>|backprop − estimate| / max(|backprop|, |estimate|); 0 when both are 0.</summary>
    public double RelativeError
    {
        get
        {
            double scale = Math.Max(Math.Abs(Backprop), Math.Abs(FiniteDifference));
            return scale == 0.0 ? 0.0 : Math.Abs(Backprop - FiniteDifference) / scale;
        }
    }

    /// <summary>Poking every weight both ways costs two forward passes per parameter.</summary>
    public int ForwardPassesToPokeEveryWeight => 2 * ParameterCount;

    /// <summary>Backprop gets every gradient from one forward and one backward sweep.</summary>
    public int BackpropSweeps => 2;
}
