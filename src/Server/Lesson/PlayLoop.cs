using System.Collections.Concurrent;
using BackpropServer.Server.Lesson.Sessions;
using Microsoft.Extensions.Options;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// Play mode: the server steps every playing session at the configured pace (20 a second at most). A session whose
/// previous step is still running skips a beat rather than queueing, and play stops when no tab is connected.
/// </summary>
public sealed class PlayLoop(NetworkTrainer trainer, IOptions<LessonOptions> options, TimeProvider clock, ILogger<PlayLoop> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<StudentSession, byte> _playing = new();
    private readonly ConcurrentDictionary<StudentSession, byte> _busy = new();

    public int PlayingCount => _playing.Count;

    public async Task StartAsync(StudentSession session, CancellationToken cancellationToken = default)
    {
        if (await trainer.SetPlayingAsync(session, true, cancellationToken).ConfigureAwait(false))
        {
            _playing.TryAdd(session, 0);
        }
    }

    public async Task StopAsync(StudentSession session, CancellationToken cancellationToken = default)
    {
        _playing.TryRemove(session, out _);
        await trainer.SetPlayingAsync(session, false, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.Value.PlayStepsPerSecond), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var session in _playing.Keys)
            {
                if (!session.Playing || session.Connections == 0)
                {
                    _playing.TryRemove(session, out _);
                    if (session.Playing)
                    {
                        _ = StopQuietlyAsync(session, stoppingToken);
                    }
                    continue;
                }
                if (_busy.TryAdd(session, 0))
                {
                    _ = StepAsync(session, stoppingToken);
                }
            }
        }
    }

    private async Task StepAsync(StudentSession session, CancellationToken stoppingToken)
    {
        try
        {
            var summary = await trainer.StepAsync(session, 1, stoppingToken).ConfigureAwait(false);
            if (summary.Diverged)
            {
                _playing.TryRemove(session, out _);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "A play step failed; play stops for this session");
            _playing.TryRemove(session, out _);
        }
        finally
        {
            _busy.TryRemove(session, out _);
        }
    }

    private async Task StopQuietlyAsync(StudentSession session, CancellationToken stoppingToken)
    {
        try
        {
            await trainer.SetPlayingAsync(session, false, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
