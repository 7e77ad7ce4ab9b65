using Microsoft.Data.Sqlite;

namespace BackpropServer.Server.Data;

/// <summary>
/// <c>dotnet BackpropServer.Server.dll backup FILE</c>: a consistent copy of the live database through SQLite's online
/// backup API, safe while the app runs (it reads a snapshot; writers carry on). Restore by stopping the app and putting
/// the copy in place of backprop.db (deleting backprop.db-wal and backprop.db-shm).
/// </summary>
public static class DatabaseBackup
{
    public static bool IsRequested(string[] args) => args is ["backup", ..];

    public static async Task<int> RunAsync(IConfiguration configuration, IHostEnvironment environment, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("Usage: BackpropServer.Server backup <file to write>").ConfigureAwait(false);
            return 2;
        }
        string target = Path.GetFullPath(args[1]);
        if (File.Exists(target))
        {
            await Console.Error.WriteLineAsync($"{target} exists already; choose a new file name.").ConfigureAwait(false);
            return 2;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var source = new SqliteConnectionStringBuilder(DatabaseServices.ConnectionString(configuration, environment)) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var from = new SqliteConnection(source.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        await Console.Out.WriteLineAsync($"Backed up {source.DataSource} to {target}.").ConfigureAwait(false);
        return 0;
    }
}
