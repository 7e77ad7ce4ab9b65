using System.Threading.Channels;

namespace BackpropServer.Server.Data;

/// <summary>
/// The one writer to the database, with group commit. Writes queue here; the writer takes every write waiting (up to
/// <see cref="MaxBatch"/>), runs each in its own savepoint of one transaction, and commits once. With
/// synchronous=FULL a commit costs a disk flush, so sharing one flush among every write that arrived meanwhile is what
/// lets many students submit at once; each caller still hears back only after its write is on disk. A write that
/// fails rolls back to its savepoint and fails alone. One writer also means SQLite never answers "database is locked".
/// </summary>
public sealed class DatabaseWriter(IServiceScopeFactory scopes, ILogger<DatabaseWriter> logger) : BackgroundService
{
    public const int MaxBatch = 256;

    private readonly Channel<IWrite> _queue = Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Runs <paramref name="work"/> (which calls SaveChanges) in the next batch; completes when that batch is committed.</summary>
    public Task<T> WriteAsync<T>(Func<AppDbContext, CancellationToken, Task<T>> work)
    {
        var write = new Write<T>(work);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new InvalidOperationException("The app is shutting down and takes no new writes.");
        }
        return write.Completion.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests in flight have finished by now (the web server stops first); what they queued is still committed.
        _queue.Writer.TryComplete();
        if (ExecuteTask is not null)
        {
            await ExecuteTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            await CommitAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<IWrite> batch)
    {
        var done = new List<(IWrite Write, object? Result)>(batch.Count);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Each write already runs in a savepoint of ours; EF's own savepoint around each SaveChanges would be a second.
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
            foreach (var write in batch)
            {
                await transaction.CreateSavepointAsync("write").ConfigureAwait(false);
                try
                {
                    done.Add((write, await write.RunAsync(db).ConfigureAwait(false)));
                    await transaction.ReleaseSavepointAsync("write").ConfigureAwait(false);
                    // The next write starts with nothing tracked: otherwise every SaveChanges in a batch of n writes
                    // would look over everything the writes before it touched, n² work for a big batch.
                    db.ChangeTracker.Clear();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    await transaction.RollbackToSavepointAsync("write").ConfigureAwait(false);
                    db.ChangeTracker.Clear();
                    write.Fail(e);
                }
            }
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "A batch of {Count} writes failed to commit", done.Count);
            foreach (var (write, _) in done)
            {
                write.Fail(e);
            }
            return;
        }
        foreach (var (write, result) in done)
        {
            write.Complete(result);
        }
    }

    private interface IWrite
    {
        Task<object?> RunAsync(AppDbContext db);

        void Complete(object? result);

        void Fail(Exception error);
    }

    private sealed class Write<T>(Func<AppDbContext, CancellationToken, Task<T>> work) : IWrite
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<object?> RunAsync(AppDbContext db) => await work(db, CancellationToken.None).ConfigureAwait(false);

        public void Complete(object? result) => Completion.TrySetResult((T)result!);

        public void Fail(Exception error) => Completion.TrySetException(error);
    }
}
