using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackpropServer.Server.Tests.Infrastructure;

/// <summary>
/// The app as a classroom runs it (in-memory sessions, real clock) on a private in-memory SQLite database. The
/// factory keeps one connection open for its lifetime: an in-memory database lives only while a connection does.
/// </summary>
public class LessonAppFactory : WebApplicationFactory<Program>
{
    private readonly SqliteConnection? _keepAlive;

    public LessonAppFactory()
        : this(inMemoryDatabase: true)
    {
    }

    protected LessonAppFactory(bool inMemoryDatabase)
    {
        if (inMemoryDatabase)
        {
            string name = "backprop-test-" + Guid.NewGuid().ToString("N");
            // Nothing but the data-protection keys goes here when the database is in memory.
            KeysDirectory = Path.Combine(Path.GetTempPath(), name);
            MemoryConnectionString = $"Data Source={name};Mode=Memory;Cache=Shared";
            _keepAlive = new SqliteConnection(MemoryConnectionString);
            _keepAlive.Open();
        }
    }

    private string? MemoryConnectionString { get; }

    private string? KeysDirectory { get; }

    /// <summary>Errors the app logged, so a failing test can say what went wrong inside the server.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ServerErrors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorCollector(ServerErrors)));
        if (MemoryConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Backprop", MemoryConnectionString);
            builder.UseSetting("DataDirectory", KeysDirectory);
        }
        // Every test client shares one (unknown) address, so the per-client limits are lifted except where tested.
        builder.UseSetting("Teachers:SignInsPerMinute", "10000");
        builder.UseSetting("Teachers:JoinsPerMinute", "10000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    public Student NewStudent() => new(this);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _keepAlive?.Dispose();
            if (KeysDirectory is not null && Directory.Exists(KeysDirectory))
            {
                Directory.Delete(KeysDirectory, recursive: true);
            }
        }
    }
}

/// <summary>The app on a SQLite file in a directory the test owns: for restarts, concurrency and durability.</summary>
public sealed class FileDatabaseAppFactory(string directory) : LessonAppFactory(inMemoryDatabase: false)
{
    public string Directory { get; } = directory;

    public string DatabasePath => Path.Combine(Directory, "backprop.db");

    protected override IEnumerable<(string Key, string Value)> Settings => [("DataDirectory", Directory)];
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

/// <summary>A hosted site: registration closed, an administrator from configuration, and strict per-client limits.</summary>
public sealed class HostedSiteAppFactory : LessonAppFactory
{
    public const string AdminEmail = "admin@school.example";
    public const string AdminPassword = "correct horse battery";

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Teachers:OpenRegistration", "false"),
        ("Teachers:AdminEmail", AdminEmail),
        ("Teachers:AdminPassword", AdminPassword),
        ("Teachers:SignInsPerMinute", "6"),
        ("Teachers:JoinsPerMinute", "3"),
    ];
}

/// <summary>Keeps what the server logs at Error and above.</summary>
public sealed class ErrorCollector(System.Collections.Concurrent.ConcurrentQueue<string> errors) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, errors);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, System.Collections.Concurrent.ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
