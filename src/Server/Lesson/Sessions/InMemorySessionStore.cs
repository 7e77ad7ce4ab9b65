using BackpropServer.Engine.Training;
using Microsoft.Extensions.Options;

namespace BackpropServer.Server.Lesson.Sessions;

/// <summary>
/// Sessions in this process's memory, in least-recently-used order. When the cap is reached the least recently
/// used session without an open tab makes room (or, if every session has one, the least recently used of all),
/// so a flood of new visitors cannot exhaust memory.
/// </summary>
public sealed class InMemorySessionStore(IOptions<LessonOptions> options, TimeProvider clock, ILogger<InMemorySessionStore> logger) : ISessionStore
{
    private readonly Dictionary<string, LinkedListNode<StudentSession>> _byId = new(StringComparer.Ordinal);

    // Most recently used first.
    private readonly LinkedList<StudentSession> _recency = new();
    private readonly Lock _lock = new();
    private readonly LessonOptions _options = options.Value;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    public StudentSession GetOrCreate(string id)
    {
        var found = Find(id);
        if (found is not null)
        {
            return found;
        }
        // Built outside the lock: making a network is the slow part.
        var created = new StudentSession(id, new TrainingConfig());
        created.Touch(clock.GetUtcNow());
        lock (_lock)
        {
            if (_byId.TryGetValue(id, out var raced))
            {
                return raced.Value;
            }
            while (_byId.Count >= _options.MaxSessions)
            {
                EvictOneLocked();
            }
            _byId[id] = _recency.AddFirst(created);
        }
        return created;
    }

    public StudentSession? Find(string id)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var node))
            {
                return null;
            }
            _recency.Remove(node);
            _recency.AddFirst(node);
            node.Value.Touch(clock.GetUtcNow());
            return node.Value;
        }
    }

    public int EvictIdle()
    {
        var cutoff = clock.GetUtcNow() - _options.SessionIdleTimeout;
        int evicted = 0;
        lock (_lock)
        {
            var node = _recency.Last;
            while (node is not null && node.Value.LastSeen < cutoff)
            {
                var previous = node.Previous;
                if (node.Value.Connections == 0)
                {
                    Remove(node);
                    evicted++;
                }
                node = previous;
            }
        }
        if (evicted > 0)
        {
            logger.LogInformation("Evicted {Count} idle sessions", evicted);
        }
        return evicted;
    }

    private void EvictOneLocked()
    {
        for (var node = _recency.Last; node is not null; node = node.Previous)
        {
            if (node.Value.Connections == 0)
            {
                Remove(node);
                return;
            }
        }
        Remove(_recency.Last!);
    }

    private void Remove(LinkedListNode<StudentSession> node)
    {
        node.Value.Playing = false;
        _byId.Remove(node.Value.Id);
        _recency.Remove(node);
    }
}

/// <summary>Runs <see cref="ISessionStore.EvictIdle"/> on the configured interval.</summary>
public sealed class SessionEvictionService(ISessionStore store, IOptions<LessonOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvictionInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            store.EvictIdle();
        }
    }
}
