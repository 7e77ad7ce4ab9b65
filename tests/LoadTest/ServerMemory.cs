using System.Globalization;
using System.Text.RegularExpressions;

namespace BackpropServer.LoadTest;

/// <summary>The server's resident memory, read from its own Prometheus endpoint (the runtime's working-set gauge).</summary>
public static partial class ServerMemory
{
    public static async Task<double?> ReadAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // The exporter caches a scrape briefly; a pause makes this reading fresh.
            await Task.Delay(400).ConfigureAwait(false);
            string metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative)).ConfigureAwait(false);
            var match = WorkingSet().Match(metrics);
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A reading after a short pause, so work just finished has settled.</summary>
    public static async Task<double?> SettledAsync(Uri server)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        return await ReadAsync(server).ConfigureAwait(false);
    }

    [GeneratedRegex(@"(?m)^dotnet_process_memory_working_set_bytes(?:\{[^}]*\})? ([0-9.eE+]+)")]
    private static partial Regex WorkingSet();
}
