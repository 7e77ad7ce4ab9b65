using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackpropServer.Server.Tests.Infrastructure;
using BackpropServer.Server.Tests.Quiz;
using Microsoft.Data.Sqlite;

namespace BackpropServer.Server.Tests.Operations;

/// <summary>
/// No Docker engine runs here, so the container is checked in parts: the compose file validates, and the published app
/// starts with the compose file's own command and environment and answers health and lesson requests.
/// </summary>
public sealed partial class ContainerTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private string Data => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [ToolFact("/usr/bin/docker-compose")]
    public async Task Compose_file_is_valid()
    {
        var check = Process.Start(new ProcessStartInfo("docker-compose", ["-f", Path.Combine(ServerProcess.RepositoryRoot, "docker-compose.yml"), "config", "-q"])
        {
            RedirectStandardError = true,
        })!;
        string errors = await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, errors);
    }

    [Fact]
    public async Task The_published_app_started_like_the_container_answers_health_and_the_lesson()
    {
        using var server = await ServerProcess.StartAsync(await PublishedApp.DllAsync(), ContainerEnvironment(Data));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("readyz", UriKind.Relative))).StatusCode);
        string lesson = await http.GetStringAsync(new Uri("", UriKind.Relative));
        Assert.Contains("Backpropagation Intuition", lesson, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("lib/htmx/htmx.min.js", UriKind.Relative))).StatusCode);
        Assert.True(File.Exists(Path.Combine(Data, "backprop.db")));
        // Production logs are JSON, one object a line.
        Assert.Contains(server.Output, line => line.StartsWith('{') && line.Contains("\"LogLevel\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_during_a_burst_of_submissions_loses_none_that_were_acknowledged_and_exits_within_10_seconds()
    {
        var environment = ContainerEnvironment(Data);
        var acknowledged = new List<(CookieContainer Cookies, int Number)>();
        using (var server = await ServerProcess.StartAsync(await PublishedApp.DllAsync(), environment))
        {
            var firstAcknowledgements = new TaskCompletionSource();
            var students = Enumerable.Range(0, 20).Select(_ => new CookieContainer()).ToArray();
            // Each student submits attempt after attempt until the server goes away, so SIGTERM lands mid-burst.
            var submitting = students.Select(async cookies =>
            {
                using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = server.BaseAddress };
                try
                {
                    var open = await http.GetFromJsonAsync<JsonElement>(new Uri("api/quiz", UriKind.Relative));
                    while (true)
                    {
                        var response = await http.PostAsJsonAsync(
                            new Uri($"api/quiz/attempts/{open.GetProperty("token").GetString()}/submission", UriKind.Relative), new { answers = QuizStudent.ApiAnswers(open) });
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            return;
                        }
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        lock (acknowledged)
                        {
                            acknowledged.Add((cookies, body.GetProperty("result").GetProperty("number").GetInt32()));
                            if (acknowledged.Count >= 20)
                            {
                                firstAcknowledgements.TrySetResult();
                            }
                        }
                        open = await (await http.PostAsync(new Uri("api/quiz/attempts", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonElement>();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
                {
                    // Refused or cut off by the shutdown: never acknowledged, so nothing was promised.
                }
            }).ToList();
            await firstAcknowledgements.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var stopping = Stopwatch.StartNew();
            server.Terminate();
            await Task.WhenAll(submitting);

            Assert.True(server.WaitForExit(TimeSpan.FromSeconds(10)), "the app did not exit within 10 seconds of SIGTERM");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10));
        }

        using var restarted = await ServerProcess.StartAsync(await PublishedApp.DllAsync(), environment);
        Assert.NotEmpty(acknowledged);
        foreach (var (cookies, number) in acknowledged)
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = restarted.BaseAddress };
            var result = await http.GetAsync(new Uri($"api/quiz/attempts/{number}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        }
    }

    /// <summary>The environment the compose file gives the container, with the data volume pointed at a test folder.</summary>
    private static Dictionary<string, string> ContainerEnvironment(string data)
    {
        string compose = File.ReadAllText(Path.Combine(ServerProcess.RepositoryRoot, "docker-compose.yml"));
        string block = compose[(compose.IndexOf("    environment:", StringComparison.Ordinal) + "    environment:".Length)..];
        var environment = EnvironmentLine().Matches(block[..block.IndexOf("    healthcheck:", StringComparison.Ordinal)])
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal("/data", environment["DataDirectory"]);
        environment["DataDirectory"] = data;
        return environment;
    }

    [GeneratedRegex("^      ([A-Za-z_][A-Za-z0-9_]*): \"(.*)\"\\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentLine();
}

/// <summary>The app published once per test run, the way the Dockerfile publishes it.</summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    public static Task<string> DllAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        string output = Directory.CreateTempSubdirectory("backprop-published-").FullName;
        var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(ServerProcess.RepositoryRoot, "src", "Server", "Server.csproj"), "-c", "Release", "-o", output, "-p:UseAppHost=false", "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, "dotnet publish failed: " + log);
        return Path.Combine(output, "BackpropServer.Server.dll");
    }
}

/// <summary>A fact that needs a command-line tool: skipped only on a machine without it, and never in CI.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string path)
    {
        if (!File.Exists(path) && Environment.GetEnvironmentVariable("CI") is null)
        {
            Skip = $"{path} is not installed and CI is unset.";
        }
    }
}
