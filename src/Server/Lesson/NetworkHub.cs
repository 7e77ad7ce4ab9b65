using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Operations;
using BackpropServer.Server.Lesson.Snapshots;
using Microsoft.AspNetCore.SignalR;

namespace BackpropServer.Server.Lesson;

/// <summary>What the server can call on a lesson page.</summary>
public interface INetworkClient
{
    /// <summary>The network after a step, reset or settings change.</summary>
    Task Snapshot(WireSnapshot snapshot);
}

/// <summary>
/// Joins each connection to its browser session's group and sends it the current network at once (so a reconnecting
/// tab catches up). Pushes come from <see cref="SnapshotPublisher"/>, not from here.
/// </summary>
public sealed class NetworkHub(ISessionStore sessions, NetworkTrainer trainer, BackpropMetrics metrics) : Hub<INetworkClient>
{
    public const string Path = "/hubs/network";
    private const string SessionKey = "session";

    public static string GroupOf(string sessionId) => "session:" + sessionId;

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        if (http is null || !SessionCookie.TryRead(http.Request, out var id))
        {
            // Only a page that got its session cookie from us can listen.
            Context.Abort();
            return;
        }
        var session = sessions.GetOrCreate(id);
        session.Connected();
        metrics.ConnectionOpened();
        Context.Items[SessionKey] = session;
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(id)).ConfigureAwait(false);
        await Clients.Caller.Snapshot(await trainer.WireSnapshotAsync(session, Context.ConnectionAborted).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SessionKey, out var value) && value is StudentSession session)
        {
            session.Disconnected();
            metrics.ConnectionClosed();
        }
        return Task.CompletedTask;
    }
}
