namespace BackpropServer.Server.Lesson.Sessions;

/// <summary>
/// Where the students' networks live. In memory for one machine; a distributed store can take its place later
/// without the endpoints, hub or play loop changing.
/// </summary>
public interface ISessionStore
{
    /// <summary>The session with this id, created with the default network if it does not exist (or was evicted).</summary>
    StudentSession GetOrCreate(string id);

    /// <summary>The session if it is live; marks it used.</summary>
    StudentSession? Find(string id);

    int Count { get; }

    /// <summary>Forgets sessions idle for longer than the configured timeout that have no open connection.</summary>
    int EvictIdle();
}

public static class SessionStoreExtensions
{
    /// <summary>The session of the browser making this request (issuing its cookie on a first visit).</summary>
    public static StudentSession ForRequest(this ISessionStore sessions, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return sessions.GetOrCreate(SessionCookie.GetOrIssue(context));
    }
}
