using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackpropServer.Server.Data;

/// <summary>
/// The one place that knows the database engine. SQLite in a file under the data directory by default
/// (<c>data/backprop.db</c> beside the app's content root; <c>/data</c> in the container), or any connection string
/// given as <c>ConnectionStrings:Backprop</c>. Moving to PostgreSQL changes this file and the migrations, nothing else.
/// </summary>
public static class DatabaseServices
{
    public const string DataDirectoryKey = "DataDirectory";
    public const string ConnectionStringName = "Backprop";
    public const string ReadyTag = "ready";

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        string connectionString = ConnectionString(configuration, environment);
        services.AddSingleton<DatabaseWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseWriter>());
        // Pooled: a request or a write batch borrows a ready context instead of building one (a measurable share of a
        // quiz submission's cost); EF resets each context's state when it goes back.
        services.AddDbContextPool<AppDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmas.Instance));
        return services;
    }

    /// <summary>The configured connection string, or the default file under the data directory.</summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetConnectionString(ConnectionStringName) ?? FileConnectionString(configuration, environment);
    }

    /// <summary>Readiness: a fresh connection (not one from the pool) can open the database and read its schema.</summary>
    public static IHealthChecksBuilder AddDatabaseReadiness(this IHealthChecksBuilder checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return checks.AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
    }

    /// <summary>Applies the migrations in the repository, and turns on write-ahead logging (a setting of the file, kept from then on).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync().ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;").ConfigureAwait(false);
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        string configured = configuration[DataDirectoryKey] ?? "data";
        return Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured));
    }

    private static string FileConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        string directory = DataDirectory(configuration, environment);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "backprop.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }
}

/// <summary>
/// Per-connection SQLite settings: FULL sync (an acknowledged write survives a power cut), a busy timeout (a writer
/// waits for another instead of failing with "database is locked"), foreign keys, and memory-mapped reads (in WAL mode
/// every read transaction after a commit re-reads its pages; mapped, that is no copy through read()). They stay set on
/// the pooled native connection, so they are sent once per native connection, not on every open.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456;";

    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!NeedsPragmas(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!NeedsPragmas(connection))
        {
            return;
        }
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        Remember(connection);
    }

    private bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !_configured.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, this);
        }
    }
}

/// <summary>
/// Opens its own unpooled connection, without permission to create the file, and reads the migrations table: a missing,
/// unreadable or foreign database file makes the app not ready.
/// </summary>
public sealed class DatabaseReadyCheck(IConfiguration configuration, IHostEnvironment environment) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new SqliteConnectionStringBuilder(DatabaseServices.ConnectionString(configuration, environment)) { Pooling = false };
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }
        try
        {
            var connection = new SqliteConnection(builder.ToString());
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = "SELECT COUNT(*) FROM \"__EFMigrationsHistory\"";
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            return HealthCheckResult.Healthy();
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
