using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using RtcGateway.Server.Configuration;

namespace RtcGateway.Server.Control;

/// <summary>
/// The UDP link to the robot process: each accepted command and each deadman stop is one JSON datagram to
/// <see cref="ControlOptions.ForwardTo"/>, sent from <see cref="ControlOptions.BridgePort"/>; datagrams the robot sends
/// back to that port are raised as telemetry. Robot code in any language needs only a UDP socket and a JSON parser.
/// Disabled (sends nothing) when ForwardTo is empty.
/// </summary>
public sealed partial class UdpControlBridge : IControlBridge, IHostedService, IDisposable
{
    private readonly ControlOptions _options;
    private readonly ILogger<UdpControlBridge> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private IPEndPoint? _robot;
    private Task? _loop;
    private long _sendErrors;
    private int _disposed;

    /// <summary>Creates the bridge (DI).</summary>
    public UdpControlBridge(IOptions<GatewayOptions> options, ILogger<UdpControlBridge> logger)
    {
        _options = options.Value.Control;
        _logger = logger;
    }

    /// <inheritdoc />
    public event Action<string>? TelemetryReceived;

    /// <summary>The local endpoint commands are sent from (null when disabled).</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    /// <summary>Datagrams that could not be sent (robot not listening: ICMP unreachable), counted.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Resolves <see cref="ControlOptions.ForwardTo"/>, binds the bridge port and starts the telemetry loop.</summary>
    /// <exception cref="InvalidOperationException">ForwardTo is not <c>host:port</c> or cannot be resolved.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.ForwardTo))
        {
            return Task.CompletedTask;
        }

        _robot = ParseEndPoint(_options.ForwardTo);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, _options.BridgePort));
        _socket = socket;
        LogStarted(_logger, _robot, LocalEndPoint!);
        _loop = Task.Run(() => ReceiveLoopAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _socket?.Dispose();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Send(ReadOnlySpan<byte> json)
    {
        if (_socket is null || _robot is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(json, SocketFlags.None, _robot);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendErrors);
            LogSendFailed(_logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _socket?.Dispose();
        }
    }

    /// <summary>Parses <c>host:port</c> (IPv4 address or host name).</summary>
    /// <exception cref="InvalidOperationException">With a message naming <c>Gateway:Control:ForwardTo</c>.</exception>
    public static IPEndPoint ParseEndPoint(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Gateway:Control:ForwardTo must be host:port (was '{value}')");
        }

        string host = value[..colon];
        if (IPAddress.TryParse(host, out IPAddress? ip))
        {
            return new IPEndPoint(ip, port);
        }

        IPAddress? resolved = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return resolved is null
            ? throw new InvalidOperationException($"Gateway:Control:ForwardTo host '{host}' has no IPv4 address")
            : new IPEndPoint(resolved, port);
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                SocketReceiveFromResult r = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                TelemetryReceived?.Invoke(Encoding.UTF8.GetString(buffer, 0, r.ReceivedBytes));
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send while the robot is not listening: keep going.
            }
            catch (Exception ex)
            {
                LogTelemetryFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control bridge: commands go to {Robot} from {Local}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint robot, IPEndPoint local);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Control bridge send failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control telemetry handler failed")]
    private static partial void LogTelemetryFailed(ILogger logger, Exception exception);
}
