using BackpropServer.Engine.Training;
using BackpropServer.Server.Lesson;

namespace BackpropServer.Server.Lesson.Sessions;

/// <summary>
/// One browser's network and its lesson state. Every tab of the browser shares it; <see cref="Gate"/> makes
/// their steps take turns, so each step sees the one before it and carries its own step number.
/// </summary>
public sealed class StudentSession
{
    private int _connections;

    public StudentSession(string id, TrainingConfig config)
    {
        Id = id;
        Training = new TrainingSession(config);
        History = new LossHistory();
        History.Add(Training.StepCount, Training.Evaluate());
    }

    public string Id { get; }

    /// <summary>Held while the network is read or changed.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public TrainingSession Training { get; private set; }

    /// <summary>Grows by one every time the network is replaced, so pages know to clear their charts.</summary>
    public int Generation { get; private set; } = 1;

    public LossHistory History { get; private set; }

    /// <summary>What the last settings change did, shown once next to the controls (e.g. "the network was reset").</summary>
    public string? Notice { get; set; }

    public bool Playing { get; set; }

    /// <summary>Counts changes to the network (steps, settings, traces); bumped with the gate held.</summary>
    public long Version { get; private set; }

    public PublishSlot PublishSlot { get; } = new();

    public void Changed() => Version++;

    public int Connections => Volatile.Read(ref _connections);

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.UtcNow;

    public void Touch(DateTimeOffset now) => LastSeen = now;

    public void Connected() => Interlocked.Increment(ref _connections);

    public void Disconnected() => Interlocked.Decrement(ref _connections);

    /// <summary>Swaps in a new network (reset, new architecture or data, import). Call with the gate held.</summary>
    public void Replace(TrainingSession training)
    {
        Training = training;
        Generation++;
        History = new LossHistory();
        History.Add(training.StepCount, training.Evaluate());
    }
}
