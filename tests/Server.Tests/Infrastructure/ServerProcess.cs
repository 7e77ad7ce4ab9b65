using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BackpropServer.Server.Tests.Infrastructure;

/// <summary>The app started as its own process, the way the container's entrypoint starts it: dotnet BackpropServer.Server.dll.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>The test's own build of the app, on the given data directory.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory) =>
        StartAsync(BuiltServerDll, new Dictionary<string, string> { ["DataDirectory"] = dataDirectory, ["ASPNETCORE_ENVIRONMENT"] = "Production" });

    /// <summary>Starts <c>dotnet {dll}</c> with exactly these environment variables added, on a free port.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> environment)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        // The one thing that differs from the container: the host port (Docker maps it; here we pick a free one).
        start.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/")) { Output = output };
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(200))
        {
            try
            {
                if ((await probe.GetAsync(new Uri("healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Assert.False(process.HasExited, "the server process exited while starting: " + string.Join('\n', output));
        }
        server.Dispose();
        throw new TimeoutException("The server process did not answer within 60 seconds: " + string.Join('\n', output));
    }

    /// <summary>What the process wrote to its console (its logs).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; private init; } = new();

    /// <summary>SIGKILL: no shutdown code runs, as when the power goes or the OOM killer strikes.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as <c>docker stop</c> sends: the app should finish what it acknowledged and exit.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    /// <summary>The repository's root folder (where BackpropServer.sln is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "BackpropServer.sln")))
            {
                root = root.Parent;
            }
            return root?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
        }
    }

    // The test's build of the app: src/Server/bin/<configuration>/<framework>, beside this test assembly's own.
    private static string BuiltServerDll
    {
        get
        {
            var test = new DirectoryInfo(AppContext.BaseDirectory);
            return Path.Combine(RepositoryRoot, "src", "Server", "bin", test.Parent!.Name, test.Name, "BackpropServer.Server.dll");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
