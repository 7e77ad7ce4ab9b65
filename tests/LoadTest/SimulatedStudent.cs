using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackpropServer.LoadTest;

/// <summary>
/// One student: its own cookies (so its own network), its own hub connection (WebSockets), and the time each step
/// request was sent, so the round trip runs from sending the request to receiving that step's snapshot on the hub.
/// The step's own answer (the invocation's result, or the HTTP response) is timed separately.
/// </summary>
public sealed class SimulatedStudent : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, long> _sentAt = new();
    private readonly ConcurrentDictionary<long, long> _awaitingAnswer = new();
    private readonly LoadReport _report;
    private HubConnection? _hub;
    private HubSocket? _socket;
    private long _requested;

    private SimulatedStudent(HttpClient http, CookieContainer cookies, LoadReport report)
    {
        Http = http;
        Cookies = cookies;
        _report = report;
    }

    private static readonly byte[] OneStep = """{"count":1}"""u8.ToArray();

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Gets a session cookie (the lesson page issues it).</summary>
    public static async Task<SimulatedStudent> ArriveAsync(Uri server, LoadReport report)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var student = new SimulatedStudent(http, cookies, report);
        using var page = await http.GetAsync(new Uri("api/network/history?from=999999999", UriKind.Relative)).ConfigureAwait(false);
        page.EnsureSuccessStatusCode();
        return student;
    }

    /// <summary>
    /// Opens the hub connection, with the tool's own lean protocol client or the official .NET client; the first
    /// snapshot (sent on connect) arrives at once.
    /// </summary>
    public async Task ConnectAsync(bool officialClient)
    {
        var hub = new Uri(Http.BaseAddress!, "hubs/network");
        if (!officialClient)
        {
            _socket = await HubSocket.ConnectAsync(hub, Cookies, Received, Answered).ConfigureAwait(false);
            return;
        }
        string cookie = Cookies.GetCookieHeader(Http.BaseAddress!);
        _hub = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.Headers["Cookie"] = cookie;
            })
            .Build();
        _hub.On<StepOnly>("Snapshot", snapshot => Received(snapshot.Step));
        await _hub.StartAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Asks for one step, as a live page does (a hub invocation) or through the JSON API; its latency is recorded when
    /// its snapshot (or a later one) arrives.
    /// </summary>
    public Task StepAsync(bool viaHub) => viaHub ? StepOverHubAsync() : StepOverHttpAsync();

    // Numbers the step and notes when it went, so its snapshot can be matched to it.
    private (long Step, long SentAt) Send()
    {
        long step = Interlocked.Increment(ref _requested);
        long sentAt = Stopwatch.GetTimestamp();
        _sentAt[step] = sentAt;
        if (_report.Counts(sentAt))
        {
            _report.CountSent();
        }
        return (step, sentAt);
    }

    private async Task StepOverHubAsync()
    {
        var (step, sentAt) = Send();
        try
        {
            if (_socket is not null)
            {
                // The answer comes to Answered; the next step does not wait for it (a page's button does not either).
                _awaitingAnswer[step] = sentAt;
                await _socket.StepAsync(step, 1).ConfigureAwait(false);
                return;
            }
            await _hub!.InvokeAsync<StepOnly>("Step", 1).ConfigureAwait(false);
            if (_report.Counts(sentAt))
            {
                _report.AddAnswer(Stopwatch.GetElapsedTime(sentAt));
            }
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException)
        {
            _awaitingAnswer.TryRemove(step, out _);
            _report.AddError("step failed: " + e.Message);
        }
    }

    private async Task StepOverHttpAsync()
    {
        var (step, sentAt) = Send();
        try
        {
            // A body of known length goes out with its headers in one write (JsonContent would be chunked).
            using var body = new ByteArrayContent(OneStep);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await Http.PostAsync(new Uri("api/network/steps", UriKind.Relative), body).ConfigureAwait(false);
            if (_report.Counts(sentAt))
            {
                _report.AddAnswer(Stopwatch.GetElapsedTime(sentAt));
            }
            if (!response.IsSuccessStatusCode)
            {
                _report.AddError($"step answered {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _report.AddError("step failed: " + e.Message);
        }
    }

    /// <summary>Steps asked for whose snapshot (or, with the lean client, whose answer) never came.</summary>
    public int Unanswered => _sentAt.Count + _awaitingAnswer.Count;

    /// <summary>Why the lean client's connection ended early, if it did.</summary>
    public string? ConnectionFailure => _socket?.Failure;

    private void Received(long snapshotStep)
    {
        long now = Stopwatch.GetTimestamp();
        // Latest wins: a later snapshot also answers the steps before it that were folded into it.
        foreach (var (step, sent) in _sentAt)
        {
            if (step <= snapshotStep && _sentAt.TryRemove(step, out _) && _report.Counts(sent))
            {
                _report.AddLatency(Stopwatch.GetElapsedTime(sent, now));
                _report.CountCompleted();
            }
        }
    }

    private void Answered(long step, string? error)
    {
        if (!_awaitingAnswer.TryRemove(step, out long sent))
        {
            return;
        }
        if (error is not null)
        {
            _report.AddError("step refused: " + error);
        }
        else if (_report.Counts(sent))
        {
            _report.AddAnswer(Stopwatch.GetElapsedTime(sent));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync().ConfigureAwait(false);
        }
        if (_socket is not null)
        {
            await _socket.DisposeAsync().ConfigureAwait(false);
        }
        Http.Dispose();
    }

    /// <summary>The one field of the snapshot this tool needs; the rest is skipped when reading.</summary>
    private sealed record StepOnly(long Step);
}
