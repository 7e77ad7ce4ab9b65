using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackpropServer.Server.Tests.Infrastructure;

/// <summary>The app as a classroom runs it: in-memory sessions, real clock.</summary>
public class LessonAppFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    public Student NewStudent() => new(this);
}

/// <summary>
/// A small, slow-clocked app for session lifetime tests: at most three sessions, a 10-minute idle timeout, and a
/// clock the test moves by hand.
/// </summary>
public sealed class SmallStoreAppFactory : LessonAppFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Lesson:MaxSessions", "3"),
        ("Lesson:SessionIdleTimeout", "00:10:00"),
        ("Lesson:EvictionInterval", "00:01:00"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
