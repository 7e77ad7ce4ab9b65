using System.Security.Claims;
using BackpropServer.Server.Operations;
using BackpropServer.Server.Teachers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BackpropServer.Server.Classes;

/// <summary>What the server can call on a teacher's open dashboard.</summary>
public interface IClassClient
{
    /// <summary>Something in the class changed (a submission, a join): fetch the dashboard again.</summary>
    Task ClassChanged(Guid classId);
}

/// <summary>
/// Teachers only. A dashboard asks to watch its class; it joins the class's group only after the server has checked
/// that the signed-in teacher owns the class.
/// </summary>
[Authorize(Policy = TeacherServices.TeacherPolicy)]
public sealed class ClassHub(ClassService classes, BackpropMetrics metrics) : Hub<IClassClient>
{
    public const string Path = "/hubs/classes";

    public override Task OnConnectedAsync()
    {
        metrics.ConnectionOpened();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.ConnectionClosed();
        return base.OnDisconnectedAsync(exception);
    }

    public static string GroupOf(Guid classId) => "class:" + classId.ToString("N");

    public async Task WatchClass(Guid classId)
    {
        string teacher = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (await classes.FindOwnedAsync(teacher, classId).ConfigureAwait(false) is null)
        {
            // The same answer for "no such class" and "not yours".
            throw new HubException("No such class.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(classId)).ConfigureAwait(false);
    }
}

/// <summary>Tells a class's open dashboards to refresh, through IHubContext.</summary>
public sealed class ClassNotifier(IHubContext<ClassHub, IClassClient> hub, ILogger<ClassNotifier> logger)
{
    public void Changed(Guid classId) => _ = NotifyAsync(classId);

    private async Task NotifyAsync(Guid classId)
    {
        try
        {
            await hub.Clients.Group(ClassHub.GroupOf(classId)).ClassChanged(classId).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Notifying class dashboards failed");
        }
    }
}
