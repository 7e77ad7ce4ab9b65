using System.Diagnostics;
using BackpropServer.Engine.Training;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Operations;
using BackpropServer.Server.Lesson.Snapshots;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// Every change to a session's network goes through here: it takes the session's gate (so steps from several tabs
/// or double clicks run one after another), makes the change, and pushes the new snapshot to all the session's tabs.
/// </summary>
public sealed class NetworkTrainer(SnapshotPublisher publisher, BackpropMetrics metrics, TimeProvider clock)
{
    public const int MaxStepsPerRequest = 1000;

    /// <summary>Runs <paramref name="count"/> steps (stopping early if training diverges) and pushes one snapshot.</summary>
    public Task<StepSummary> StepAsync(StudentSession session, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxStepsPerRequest);
        return ChangeAsync(session, s =>
        {
            for (int k = 0; k < count && !s.Training.Diverged; k++)
            {
                TrainOneStep(s);
            }
            if (s.Training.Diverged)
            {
                s.Playing = false;
            }
            return StepSummary.Of(s);
        }, cancellationToken);
    }

    /// <summary>
    /// Applies new settings. Learning rate, momentum and weight decay keep the weights; anything that changes the
    /// network's shape or its data starts a new network, and the notice says so.
    /// </summary>
    public Task<SettingsOutcome> ApplySettingsAsync(StudentSession session, TrainingConfig config, CancellationToken cancellationToken = default)
    {
        config.EnsureValid();
        return ChangeAsync(session, s =>
        {
            var old = s.Training.Config;
            if (old == config || (old.SameArchitecture(config) && old.SameData(config) && old.BatchSize == config.BatchSize
                && old.LearningRate == config.LearningRate && old.Momentum == config.Momentum && old.WeightDecay == config.WeightDecay))
            {
                s.Notice = null;
                return new SettingsOutcome(Reset: false, s.Notice);
            }
            if (!s.Training.Diverged && s.Training.TryRetune(config))
            {
                s.Notice = "Settings updated. The network keeps its weights and carries on from here.";
                return new SettingsOutcome(Reset: false, s.Notice);
            }
            bool diverged = s.Training.Diverged;
            s.Replace(new TrainingSession(config));
            s.Playing = false;
            s.Notice = diverged ? "Training had diverged, so the network starts again with your new settings."
                : !old.SameArchitecture(config) ? "You changed the network's shape, so it starts again from fresh weights."
                : !old.SameData(config) ? "You changed the data, so the network starts again from fresh weights."
                : "You changed the batch size, so the network starts again from fresh weights.";
            return new SettingsOutcome(Reset: true, s.Notice);
        }, cancellationToken);
    }

    /// <summary>Starts again from the seeded weights of the current settings (or of <paramref name="seed"/>).</summary>
    public Task ResetAsync(StudentSession session, int? seed = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(session, s =>
        {
            var config = seed is int value ? s.Training.Config with { Seed = value } : s.Training.Config;
            s.Replace(new TrainingSession(config.EnsureValid()));
            s.Playing = false;
            s.Notice = "The network was reset to fresh weights from seed " + config.Seed + ".";
            return true;
        }, cancellationToken);

    public Task ImportAsync(StudentSession session, TrainingSession imported, CancellationToken cancellationToken = default) =>
        ChangeAsync(session, s =>
        {
            s.Replace(imported);
            s.Playing = false;
            s.Notice = "The imported network is loaded.";
            return true;
        }, cancellationToken);

    /// <summary>Makes a data point the traced example (training points first, then test points).</summary>
    public Task TraceAsync(StudentSession session, int point, CancellationToken cancellationToken = default) =>
        ChangeAsync(session, s =>
        {
            s.Training.TracePoint(point);
            return true;
        }, cancellationToken);

    public Task<bool> SetPlayingAsync(StudentSession session, bool playing, CancellationToken cancellationToken = default) =>
        ChangeAsync(session, s =>
        {
            s.Playing = playing && !s.Training.Diverged;
            return s.Playing;
        }, cancellationToken);

    /// <summary>Runs one step and reports how it moved one weight (the quiz's live next-step question).</summary>
    public Task<Quiz.NextStepFacts> ObserveNextStepAsync(StudentSession session, int weight, string name, CancellationToken cancellationToken = default) =>
        ChangeAsync(session, s =>
        {
            var (parameter, offset) = s.Training.Model.Locate(weight);
            double before = parameter.Value[offset];
            long stepBefore = s.Training.StepCount;
            TrainOneStep(s);
            bool moved = s.Training.StepCount > stepBefore;
            return new Quiz.NextStepFacts(weight, name, stepBefore, s.Training.StepCount, before, parameter.Value[offset],
                moved ? s.Training.LastStep.Gradients[weight] : 0.0, s.Training.Config.LearningRate, s.Training.Diverged);
        }, cancellationToken);

    public Task<GradientCheck> CheckGradientAsync(StudentSession session, int parameter, CancellationToken cancellationToken = default) =>
        ReadAsync(session, s => s.Training.CheckGradient(parameter), cancellationToken);

    public Task<NetworkSnapshot> SnapshotAsync(StudentSession session, CancellationToken cancellationToken = default) =>
        ReadAsync(session, s => NetworkSnapshot.Capture(s), cancellationToken);

    public Task<WireSnapshot> WireSnapshotAsync(StudentSession session, CancellationToken cancellationToken = default) =>
        ReadAsync(session, WireSnapshot.Capture, cancellationToken);

    public async Task<T> ReadAsync<T>(StudentSession session, Func<StudentSession, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(read);
        await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read(session);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    // One step, its point on the loss chart, and its time on the step-latency histogram. Call with the gate held.
    private void TrainOneStep(StudentSession s)
    {
        long started = Stopwatch.GetTimestamp();
        s.Training.Step();
        s.History.Add(s.Training.StepCount, s.Training.Evaluate());
        metrics.Step(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<T> ChangeAsync<T>(StudentSession session, Func<StudentSession, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        WireSnapshot? snapshot = null;
        T result;
        await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            result = change(session);
            session.Changed();
            session.Touch(clock.GetUtcNow());
            // With no page open nobody would receive it (a page that connects later gets the current one at once),
            // so API-only and quiz-only use skips building the snapshot at all.
            if (session.Connections > 0)
            {
                snapshot = WireSnapshot.Capture(session);
            }
        }
        finally
        {
            session.Gate.Release();
        }
        if (snapshot is not null)
        {
            publisher.Publish(session, snapshot);
        }
        return result;
    }
}

/// <summary>What the step buttons show: where training got to.</summary>
public sealed record StepSummary(long Step, double BatchLoss, double? TrainLoss, double? TestLoss, double? TestAccuracy, bool Diverged)
{
    public static StepSummary Of(StudentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var metrics = session.History.Latest;
        return new StepSummary(session.Training.StepCount, session.Training.LastStep.BatchLoss, metrics.TrainLoss, metrics.TestLoss, metrics.TestAccuracy, session.Training.Diverged);
    }
}

public sealed record SettingsOutcome(bool Reset, string? Notice);
