using Microsoft.Data.Sqlite;

namespace BackpropServer.Server.Tests.Infrastructure;

/// <summary>A data folder a test owns; deleted afterwards, after SQLite lets go of its pooled connections to files in it.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("backprop-test-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
