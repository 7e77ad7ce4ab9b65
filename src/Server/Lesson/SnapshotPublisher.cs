using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Lesson.Snapshots;
using Microsoft.AspNetCore.SignalR;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// Pushes snapshots to every tab of a session. Latest wins: while one push to a session is still being written,
/// newer snapshots replace each other in a single waiting slot, so a slow or background tab never builds a queue,
/// and a snapshot older than one already sent is dropped.
/// </summary>
public sealed class SnapshotPublisher(IHubContext<NetworkHub, INetworkClient> hub, ILogger<SnapshotPublisher> logger)
{
    public void Publish(StudentSession session, WireSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(session);
        var slot = session.PublishSlot;
        lock (slot)
        {
            if (slot.IsStale(snapshot))
            {
                return;
            }
            if (slot.Sending)
            {
                slot.Pending = snapshot;
                return;
            }
            slot.Sending = true;
            slot.MarkSent(snapshot);
        }
        _ = SendAsync(session, snapshot);
    }

    private async Task SendAsync(StudentSession session, WireSnapshot snapshot)
    {
        var slot = session.PublishSlot;
        while (true)
        {
            try
            {
                await hub.Clients.Group(NetworkHub.GroupOf(session.Id)).Snapshot(snapshot).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failed push must not stop later ones; the page catches up on its next snapshot or reconnect.
                logger.LogWarning(e, "Pushing a snapshot failed");
            }
            lock (slot)
            {
                if (slot.Pending is null)
                {
                    slot.Sending = false;
                    return;
                }
                snapshot = slot.Pending;
                slot.Pending = null;
                slot.MarkSent(snapshot);
            }
        }
    }
}

/// <summary>Per-session push state for <see cref="SnapshotPublisher"/>; guarded by locking the slot itself.</summary>
public sealed class PublishSlot
{
    private long _newest = -1;

    public bool Sending { get; set; }

    public WireSnapshot? Pending { get; set; }

    public bool IsStale(WireSnapshot snapshot) => snapshot.Version < _newest;

    public void MarkSent(WireSnapshot snapshot) => _newest = snapshot.Version;
}
