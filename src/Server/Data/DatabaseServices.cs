using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        string connectionString = configuration.GetConnectionString(ConnectionStringName) ?? FileConnectionString(configuration, environment);
        services.AddSingleton<WriteGate>();
        services.AddDbContext<AppDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmas.Instance));
        return services;
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
/// waits for another instead of failing with "database is locked"), and foreign keys.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
