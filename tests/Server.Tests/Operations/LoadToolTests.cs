using BackpropServer.LoadTest;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace BackpropServer.Server.Tests.Operations;

/// <summary>
/// The load tool, run briefly against a real server process to show that it works. It asserts no errors and that
/// work was measured; it never asserts a time (the numbers live in docs/PERFORMANCE.md).
/// </summary>
public sealed class LoadToolTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private string Data => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Steps_over_each_client_and_path_idle_and_quiz_runs_complete_without_errors_and_find_every_submission_stored_once()
    {
        using var server = await ServerProcess.StartAsync(Data);

        var steps = await LoadRuns.RunAsync(LoadOptions.Parse(["steps", "--server", server.BaseAddress.ToString(), "--students", "5", "--rate", "5", "--duration", "2"]));
        var official = await LoadRuns.RunAsync(LoadOptions.Parse(
            ["steps", "--server", server.BaseAddress.ToString(), "--students", "3", "--rate", "5", "--warmup", "1", "--duration", "2", "--client", "signalr"]));
        var http = await LoadRuns.RunAsync(LoadOptions.Parse(
            ["steps", "--server", server.BaseAddress.ToString(), "--students", "3", "--rate", "5", "--duration", "2", "--via", "http"]));
        var idle = await LoadRuns.RunAsync(LoadOptions.Parse(["idle", "--server", server.BaseAddress.ToString(), "--students", "10", "--duration", "1"]));
        var quiz = await LoadRuns.RunAsync(LoadOptions.Parse(
            ["quiz", "--server", server.BaseAddress.ToString(), "--submitters", "3", "--duration", "2", "--db", Path.Combine(Data, "backprop.db")]));

        Assert.True(steps.Errors == 0, steps.ToString());
        Assert.True(steps.Measured >= 20, steps.ToString());
        Assert.True(official.Errors == 0 && official.Measured >= 10, official.ToString());
        Assert.True(http.Errors == 0 && http.Measured >= 10, http.ToString());
        Assert.True(idle.Errors == 0, idle.ToString());
        Assert.NotNull(idle.MemoryAfterBytes);
        Assert.True(quiz.Errors == 0, quiz.ToString());
        Assert.True(quiz.Completed > 0, quiz.ToString());
        Assert.Contains(quiz.Notes, n => n.Contains($"{quiz.Completed} acknowledged, 0 lost, 0 duplicated, 0 incomplete", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData()]
    [InlineData("run")]
    [InlineData("steps", "--students", "0")]
    [InlineData("steps", "--students")]
    [InlineData("quiz", "--bogus", "1")]
    [InlineData("steps", "--client", "browser")]
    [InlineData("steps", "--via", "carrier-pigeon")]
    public void Bad_command_lines_are_refused_with_a_message(params string[] args) =>
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(args));
}
