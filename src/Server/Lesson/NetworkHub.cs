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
/// tab catches up). Pushes come from <see cref="SnapshotPublisher"/>, not from here. A live page also trains through
/// here: a step is one small frame up the socket it already has open, and its answer is the pushed snapshot.
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

    /// <summary>
    /// Runs 1 to <see cref="NetworkTrainer.MaxStepsPerRequest"/> steps, like POST api/network/steps. Every tab of the
    /// session, this one included, gets the new snapshot; the summary is the caller's answer.
    /// </summary>
    public Task<StepSummary> Step(int count)
    {
        if (count is < 1 or > NetworkTrainer.MaxStepsPerRequest)
        {
            // HubException's message is the one the caller sees; the network is untouched.
            throw new HubException($"count: the step count must be a whole number from 1 to {NetworkTrainer.MaxStepsPerRequest}.");
        }
        return trainer.StepAsync(SessionOf(Context), count, Context.ConnectionAborted);
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

    private static StudentSession SessionOf(HubCallerContext context) =>
        context.Items.TryGetValue(SessionKey, out var value) && value is StudentSession session
            ? session
            : throw new HubException("This connection has no lesson session; reload the page.");
}
