using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace BackpropServer.LoadTest;

/// <summary>
/// A lesson page's hub connection reduced to what a simulated student does: SignalR's JSON protocol (handshake,
/// invocations, completions, pings, records ending in 0x1E) spoken directly over one WebSocket. The server sees the
/// same bytes as from the browser's client. It exists because the load tool shares the server's two cores: the full
/// .NET client spends about as much CPU per step as the server does (a send loop, a receive loop and a dispatch loop
/// per connection), and that CPU would be taken from the server being measured.
/// </summary>
public sealed class HubSocket : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1E;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Action<long> _onSnapshot;
    private readonly Action<long, string?> _onCompletion;
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private volatile bool _leaving;

    private HubSocket(Action<long> onSnapshot, Action<long, string?> onCompletion)
    {
        _onSnapshot = onSnapshot;
        _onCompletion = onCompletion;
    }

    /// <summary>What ended the connection, if the server closed it or it failed.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// Connects (skipping negotiation, as the page's WebSockets transport may), completes the handshake, and starts
    /// reading: <paramref name="onSnapshot"/> gets each pushed snapshot's step, <paramref name="onCompletion"/> each
    /// invocation's id and error (null when it succeeded).
    /// </summary>
    public static async Task<HubSocket> ConnectAsync(Uri hub, CookieContainer cookies, Action<long> onSnapshot, Action<long, string?> onCompletion)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var socket = new HubSocket(onSnapshot, onCompletion);
        socket._socket.Options.Cookies = cookies;
        var ws = new UriBuilder(hub) { Scheme = hub.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket._socket.ConnectAsync(ws, CancellationToken.None).ConfigureAwait(false);
        await socket.SendAsync(Handshake).ConfigureAwait(false);
        socket._receiving = socket.ReceiveAsync();
        return socket;
    }

    /// <summary>Invokes <c>Step(count)</c> with the given invocation id; its completion comes to the callback.</summary>
    public Task StepAsync(long invocationId, int count) =>
        SendAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":\"Step\",\"arguments\":[{count}]}}\u001e")));

    private async Task SendAsync(byte[] record)
    {
        // A WebSocket takes one send at a time.
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(record, WebSocketMessageType.Text, endOfMessage: true, _closing.Token).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        bool handshakeDone = false;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _closing.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_leaving)
                    {
                        Failure ??= "the server closed the connection";
                    }
                    return;
                }
                buffer.Advance(result.Count);
                // Records end with 0x1E; one WebSocket message may carry several, or part of one.
                var pending = buffer.WrittenSpan;
                int consumed = 0;
                int end;
                while ((end = pending[consumed..].IndexOf(RecordSeparator)) >= 0)
                {
                    var record = pending.Slice(consumed, end);
                    consumed += end + 1;
                    if (!handshakeDone)
                    {
                        handshakeDone = true;
                        if (record.IndexOf("error"u8) >= 0)
                        {
                            Failure = "handshake refused: " + Encoding.UTF8.GetString(record);
                            return;
                        }
                        continue;
                    }
                    Handle(record);
                }
                if (consumed > 0)
                {
                    var rest = pending[consumed..].ToArray();
                    buffer.Clear();
                    buffer.Write(rest);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_leaving)
            {
                Failure ??= e.Message;
            }
        }
    }

    private void Handle(ReadOnlySpan<byte> record)
    {
        var message = Read(record);
        switch (message.Type)
        {
            case 1 when message.Target == "Snapshot":
                _onSnapshot(message.Step);
                break;
            case 3:
                _onCompletion(long.Parse(message.InvocationId!, CultureInfo.InvariantCulture), message.Error);
                break;
            case 6:
                // The server pings every 15 s and drops a client it has not heard from in 30; answer in kind.
                _ = PongAsync();
                break;
            case 7:
                Failure ??= "the server closed the hub connection: " + (message.Error ?? "no reason given");
                break;
        }
    }

    private async Task PongAsync()
    {
        try
        {
            await SendAsync(Ping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Failure ??= "ping failed: " + e.Message;
        }
    }

    /// <summary>The few fields the tool needs: type, target, invocation id, error, and the first argument's step.</summary>
    private static (int Type, string? Target, string? InvocationId, string? Error, long Step) Read(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        int type = 0;
        string? target = null, invocationId = null, error = null;
        long step = -1;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("type"u8) && reader.Read())
                {
                    type = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("target"u8) && reader.Read())
                {
                    target = reader.GetString();
                }
                else if (reader.ValueTextEquals("invocationId"u8) && reader.Read())
                {
                    invocationId = reader.GetString();
                }
                else if (reader.ValueTextEquals("error"u8) && reader.Read())
                {
                    error = reader.GetString();
                }
            }
            else if (reader.CurrentDepth == 3 && step < 0 && reader.ValueTextEquals("step"u8) && reader.Read())
            {
                // arguments[0].step: the snapshot's step.
                step = reader.GetInt64();
            }
        }
        return (type, target, invocationId, error, step);
    }

    public async ValueTask DisposeAsync()
    {
        _leaving = true;
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            await _receiving.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // Leaving anyway.
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        await _receiving.ConfigureAwait(false);
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }
}
