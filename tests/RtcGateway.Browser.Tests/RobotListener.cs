using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// The "robot" end of the gateway's UDP control bridge: a loopback socket that timestamps every datagram on arrival
/// (Stopwatch ticks and Unix ms from the same machine clock the browser's performance.timeOrigin uses) and can answer
/// the bridge's source endpoint with telemetry.
/// </summary>
public sealed class RobotListener : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Channel<RobotDatagram> _received = Channel.CreateUnbounded<RobotDatagram>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private IPEndPoint? _bridge;

    public RobotListener()
    {
        _loop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The UDP port to pass as <c>Gateway:Control:ForwardTo=127.0.0.1:PORT</c>.</summary>
    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>Configuration argument pointing the gateway's bridge at this listener.</summary>
    public string ForwardToArgument => $"--Gateway:Control:ForwardTo=127.0.0.1:{Port}";

    /// <summary>The next datagram, or a <see cref="TimeoutException"/>.</summary>
    public async Task<RobotDatagram> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the robot received nothing within {timeout.TotalMilliseconds:F0} ms");
        }
    }

    /// <summary>Skips commands until a deadman stop arrives, or a <see cref="TimeoutException"/>.</summary>
    public async Task<RobotDatagram> NextDeadmanAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = timeout - deadline.Elapsed;
            RobotDatagram d = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (d.IsDeadman)
            {
                return d;
            }
        }
    }

    /// <summary>True if a datagram is already waiting.</summary>
    public bool TryTake(out RobotDatagram datagram) => _received.Reader.TryRead(out datagram!);

    /// <summary>Sends a datagram back to the bridge's source endpoint (known once the bridge sent anything).</summary>
    public async Task SendToBridgeAsync(string json)
    {
        IPEndPoint bridge = _bridge ?? throw new InvalidOperationException("the bridge has not sent anything yet");
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json), bridge);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult r;
            try
            {
                r = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                continue;
            }

            long ticks = Stopwatch.GetTimestamp();
            double unixMs = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
            _bridge = r.RemoteEndPoint;
            _received.Writer.TryWrite(new RobotDatagram(JsonNode.Parse(r.Buffer)!.AsObject(), ticks, unixMs, r.RemoteEndPoint));
        }
    }
}

/// <summary>One datagram from the bridge: a command <c>{"session","seq","receivedAt","message"}</c> or a stop
/// <c>{"type":"deadman","session","camera","reason"}</c>, with its arrival time.</summary>
public sealed record RobotDatagram(JsonObject Json, long ArrivalTicks, double ArrivalUnixMs, IPEndPoint From)
{
    public bool IsDeadman => Json["type"]?.GetValue<string>() == "deadman";

    public long Seq => Json["seq"]!.GetValue<long>();

    public string Session => Json["session"]!.GetValue<string>();

    public JsonObject Message => Json["message"]!.AsObject();

    public string? Reason => Json["reason"]?.GetValue<string>();

    /// <summary>Milliseconds from <paramref name="earlier"/>'s arrival to this one's.</summary>
    public double MsSince(RobotDatagram earlier) => Stopwatch.GetElapsedTime(earlier.ArrivalTicks, ArrivalTicks).TotalMilliseconds;
}
