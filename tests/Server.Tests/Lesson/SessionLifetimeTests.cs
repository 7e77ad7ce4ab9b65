using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackpropServer.Server.Tests.Lesson;

public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly SmallStoreAppFactory _app = new();

    private ISessionStore Store => _app.Services.GetRequiredService<ISessionStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Each_browser_gets_its_own_network_behind_a_secure_http_only_cookie()
    {
        await using var a = _app.NewStudent();
        await using var b = _app.NewStudent();
        await a.OpenLessonAsync();
        var response = await b.Http.GetAsync(new Uri("/", UriKind.Relative));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie.Name, StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(a.SessionId, b.SessionId);
        Assert.Equal(22, a.SessionId.Length);

        await a.StepAsync(5);
        Assert.Equal(5, (await a.GetSnapshotAsync()).Step);
        Assert.Equal(0, (await b.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task Idle_sessions_are_evicted_after_the_timeout_but_not_while_a_tab_is_open()
    {
        await using var idle = _app.NewStudent();
        await using var watching = _app.NewStudent();
        await idle.OpenLessonAsync();
        await watching.OpenLessonAsync();
        await idle.StepAsync(3);
        var tab = await watching.OpenTabAsync();
        await tab.NextAsync();

        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        Store.EvictIdle();

        Assert.Null(Store.Find(idle.SessionId));
        Assert.NotNull(Store.Find(watching.SessionId));
        // Coming back after eviction gives a fresh network, not an error.
        Assert.Equal(0, (await idle.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task Sessions_used_within_the_timeout_are_kept()
    {
        await using var student = _app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(2);

        _app.Clock.Advance(TimeSpan.FromMinutes(9));
        await student.StepAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(9));
        Store.EvictIdle();

        Assert.Equal(3, (await student.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task At_the_cap_the_least_recently_used_idle_session_makes_room()
    {
        var students = new List<Student>();
        for (int k = 0; k < 3; k++)
        {
            var s = _app.NewStudent();
            students.Add(s);
            await s.OpenLessonAsync();
            await s.StepAsync(k + 1);
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        // The first student has a tab open, so the second is the least recently used idle one.
        var tab = await students[0].OpenTabAsync();
        await tab.NextAsync();
        await students[2].StepAsync();

        await using var newcomer = _app.NewStudent();
        await newcomer.OpenLessonAsync();

        Assert.Equal(3, Store.Count);
        Assert.NotNull(Store.Find(students[0].SessionId));
        Assert.Null(Store.Find(students[1].SessionId));
        Assert.NotNull(Store.Find(students[2].SessionId));
        foreach (var s in students)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_flood_of_new_visitors_never_holds_more_than_the_cap()
    {
        for (int k = 0; k < 25; k++)
        {
            await using var visitor = _app.NewStudent();
            await visitor.OpenLessonAsync();
            Assert.InRange(Store.Count, 1, 3);
        }
    }

    [Fact]
    public async Task A_malformed_session_cookie_gets_a_new_session_and_cannot_join_a_hub()
    {
        await using var student = _app.NewStudent();
        student.Cookies.Add(student.Http.BaseAddress!, new System.Net.Cookie(SessionCookie.Name, "../../etc/passwd"));
        await student.OpenLessonAsync();
        Assert.NotEqual("../../etc/passwd", student.SessionId);
        Assert.Equal(22, student.SessionId.Length);
    }
}
