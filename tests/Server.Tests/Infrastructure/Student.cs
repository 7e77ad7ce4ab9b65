using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Lesson.Snapshots;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackpropServer.Server.Tests.Infrastructure;

/// <summary>One browser: its own cookies (so its own network), its tabs' hub connections, and the forms on its page.</summary>
public sealed partial class Student : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplicationFactory<Program> _factory;
    private readonly List<Tab> _tabs = [];

    public Student(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
        Http = factory.CreateDefaultClient(new CookieContainerHandler(Cookies));
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public string SessionId => Cookies.GetCookies(Http.BaseAddress!)[SessionCookie.Name]?.Value
        ?? throw new InvalidOperationException("Open the lesson first: the session cookie is issued there.");

    /// <summary>Loads the lesson page (getting the session and antiforgery cookies) and remembers its form token.</summary>
    public Task<string> OpenLessonAsync() => OpenPageAsync("/");

    /// <summary>Loads a page and remembers its antiforgery form token.</summary>
    public async Task<string> OpenPageAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            string errors = _factory is LessonAppFactory app ? string.Join("\n", app.ServerErrors) : "";
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}. Server errors: {errors}");
        }
        string html = await response.Content.ReadAsStringAsync();
        Token = TokenPattern().Match(html).Groups[1].Value;
        return html;
    }

    public string Token { get; private set; } = "";

    /// <summary>Posts a form the way the page does: with htmx (header token) or as a plain browser (field token).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool htmx, bool withToken = true)
    {
        var all = fields.ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        if (withToken)
        {
            // htmx sends the hx-headers token and, like a plain browser, the form's hidden field.
            all.Add(new("__RequestVerificationToken", Token));
            if (htmx)
            {
                request.Headers.Add("RequestVerificationToken", Token);
            }
        }
        request.Content = new FormUrlEncodedContent(all);
        return await Http.SendAsync(request);
    }

    public async Task<NetworkSnapshot> GetSnapshotAsync() =>
        (await Http.GetFromJsonAsync<NetworkSnapshot>(new Uri("/api/network", UriKind.Relative), Json))!;

    public async Task<StepSummary> StepAsync(int count = 1)
    {
        var response = await Http.PostAsJsonAsync(new Uri("/api/network/steps", UriKind.Relative), new { count });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StepSummary>(Json))!;
    }

    /// <summary>Opens a tab: a hub connection carrying this browser's session cookie.</summary>
    public async Task<Tab> OpenTabAsync()
    {
        var tab = new Tab(Hub("hubs/network"));
        await tab.Connection.StartAsync();
        _tabs.Add(tab);
        return tab;
    }

    /// <summary>A hub connection (not started) that carries every cookie this browser has, as a page's would.</summary>
    public HubConnection Hub(string path)
    {
        var server = _factory.Server;
        string cookies = Cookies.GetCookieHeader(Http.BaseAddress!);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, path), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.Headers["Cookie"] = cookies;
            })
            .Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tab in _tabs)
        {
            await tab.DisposeAsync();
        }
        Http.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>A page's hub connection and the snapshots it has received, in order.</summary>
public sealed class Tab : IAsyncDisposable
{
    private readonly Channel<WireSnapshot> _received = Channel.CreateUnbounded<WireSnapshot>();

    public Tab(HubConnection connection)
    {
        Connection = connection;
        connection.On<WireSnapshot>(nameof(INetworkClient.Snapshot), s => _received.Writer.TryWrite(s));
    }

    public HubConnection Connection { get; }

    /// <summary>Trains the way a live page does: through the hub connection it already has open.</summary>
    public Task<StepSummary> StepAsync(int count = 1) => Connection.InvokeAsync<StepSummary>(nameof(NetworkHub.Step), count);

    public async Task<WireSnapshot> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Reads snapshots until one reaches <paramref name="step"/>.</summary>
    public async Task<WireSnapshot> WaitForStepAsync(long step, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var snapshot = await _received.Reader.ReadAsync(cancel.Token);
            if (snapshot.Step >= step)
            {
                return snapshot;
            }
        }
    }

    /// <summary>Whatever arrived and was not read yet.</summary>
    public List<WireSnapshot> Drain()
    {
        var all = new List<WireSnapshot>();
        while (_received.Reader.TryRead(out var s))
        {
            all.Add(s);
        }
        return all;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
