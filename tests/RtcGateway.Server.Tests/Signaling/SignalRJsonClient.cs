using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RtcGateway.Server.Tests.Signaling;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol by hand over a WebSocket (the C# SignalR client package is not
/// available): handshake <c>{"protocol":"json","version":1}</c> + record separator 0x1E, then invocation (type 1),
/// completion (type 3), ping (type 6) and close (type 7) messages.
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();
    private int _nextInvocationId;

    private SignalRJsonClient()
    {
    }

    /// <summary>Server → client invocations received while waiting for completions (target, arguments).</summary>
    public List<(string Target, JsonArray Arguments)> ServerInvocations { get; } = new();

    public WebSocketState State => _socket.State;

    public static async Task<SignalRJsonClient> ConnectAsync(Uri httpBase, string hubPath, CancellationToken ct)
    {
        var client = new SignalRJsonClient();
        var ws = new UriBuilder(new Uri(httpBase, hubPath)) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(ws, ct);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}", ct);
        JsonObject handshake = await client.ReceiveMessageAsync(ct);
        if (handshake.ContainsKey("error"))
        {
            throw new InvalidOperationException("handshake failed: " + handshake.ToJsonString());
        }

        return client;
    }

    /// <summary>Invokes a hub method and returns its completion message (with <c>result</c> or <c>error</c>).</summary>
    public async Task<JsonObject> InvokeAsync(string target, object?[] arguments, CancellationToken ct)
    {
        string id = (++_nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var invocation = new JsonObject
        {
            ["type"] = 1,
            ["invocationId"] = id,
            ["target"] = target,
            ["arguments"] = JsonSerializer.SerializeToNode(arguments),
        };
        await SendRawAsync(invocation.ToJsonString(), ct);
        while (true)
        {
            JsonObject message = await ReceiveMessageAsync(ct);
            int type = message["type"]!.GetValue<int>();
            if (type == 3 && message["invocationId"]?.GetValue<string>() == id)
            {
                return message;
            }

            if (type == 1)
            {
                ServerInvocations.Add((message["target"]!.GetValue<string>(), message["arguments"]!.AsArray()));
            }
            else if (type == 7)
            {
                throw new InvalidOperationException("server closed the connection: " + message.ToJsonString());
            }
        }
    }

    /// <summary>Closes the WebSocket without a SignalR close message (like a closed tab).</summary>
    public Task CloseSocketAsync(CancellationToken ct) => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (WebSocketException)
            {
            }
        }

        _socket.Dispose();
    }

    private Task SendRawAsync(string json, CancellationToken ct) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, ct);

    private async Task<JsonObject> ReceiveMessageAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            string text = _pending.ToString();
            int end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return JsonNode.Parse(text[..end])!.AsObject();
            }

            WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by server");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
