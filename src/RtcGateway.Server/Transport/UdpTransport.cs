using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RtcGateway.Server.Configuration;

namespace RtcGateway.Server.Transport;

/// <summary>
/// The one UDP socket (<c>Gateway:WebRtc:UdpPort</c>) shared by every WebRTC peer: a receive loop that hands pooled
/// datagrams to the <see cref="IDatagramReceiver"/> (which demultiplexes them per RFC 7983 and by ICE ufrag / remote
/// address), and a thread-safe, allocation-free send path.
/// <para>
/// The receive loop is one dedicated thread blocked in <c>recvfrom</c>: the kernel wakes it directly, with no epoll
/// thread and thread-pool hand-off in between (on a busy 2-core host each extra hand-off is a chance to wait a
/// scheduler slice, which is what the data-channel latency tail is made of). It wakes every
/// <see cref="ReceivePollMillis"/> ms when idle to notice a stop.
/// </para>
/// </summary>
public sealed partial class UdpTransport : IHostedService, IDisposable
{
    /// <summary>Receive buffer size, bytes: larger than any datagram a WebRTC peer sends (path MTU ≤ 1,500).</summary>
    public const int ReceiveBufferSize = 2048;

    /// <summary>Receive timeout of the blocking loop, ms: how often an idle loop checks whether it should stop.</summary>
    public const int ReceivePollMillis = 250;

    private readonly WebRtcOptions _options;
    private readonly ILogger<UdpTransport> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Thread? _loop;
    private IDatagramReceiver? _receiver;
    private long _received;
    private long _sent;
    private long _sendErrors;
    private int _disposed;

    /// <summary>Creates the transport (the socket is bound in <see cref="StartAsync"/>).</summary>
    public UdpTransport(IOptions<GatewayOptions> options, ILogger<UdpTransport> logger)
    {
        _options = options.Value.WebRtc;
        _logger = logger;
    }

    /// <summary>The bound local endpoint (port resolved when UdpPort is 0), or null before start.</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    /// <summary>Datagrams received since start.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _received);

    /// <summary>Datagrams sent since start.</summary>
    public long DatagramsSent => Interlocked.Read(ref _sent);

    /// <summary>Send failures (e.g. ICMP port unreachable reported on the socket), counted and logged at debug level.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Sets the receiver of incoming datagrams; must be called before <see cref="StartAsync"/>.</summary>
    public void SetReceiver(IDatagramReceiver receiver) => _receiver = receiver;

    /// <summary>Binds the socket and starts the receive loop.</summary>
    /// <exception cref="SocketException">The port is in use or the address is not local.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 * 1024 * 1024;
        socket.SendBufferSize = 4 * 1024 * 1024;
        if (OperatingSystem.IsWindows())
        {
            const int SioUdpConnReset = -1744830452;
            socket.IOControl(SioUdpConnReset, new byte[] { 0 }, null);
        }

        socket.ReceiveTimeout = ReceivePollMillis;
        socket.Bind(new IPEndPoint(IPAddress.Parse(_options.BindAddress), _options.UdpPort));
        _socket = socket;
        LogBound(_logger, LocalEndPoint!);
        _loop = new Thread(() => ReceiveLoop(socket, _stopping.Token)) { IsBackground = true, Name = "webrtc-udp-receive" };
        _loop.Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops the receive loop and closes the socket.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _socket?.Dispose();
        Thread? loop = _loop;
        if (loop is not null)
        {
            await Task.Run(() => loop.Join(), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one datagram; never throws (failures are counted in <see cref="SendErrors"/>).</summary>
    /// <param name="datagram">The bytes to send (≤ 1,200 for media by construction).</param>
    /// <param name="remote">Destination, as a serialized <see cref="SocketAddress"/> (see <see cref="IPEndPoint.Serialize"/>).</param>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        Socket? socket = _socket;
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.SendTo(datagram, SocketFlags.None, remote);
            Interlocked.Increment(ref _sent);
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
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _socket?.Dispose();
    }

    private void ReceiveLoop(Socket socket, CancellationToken ct)
    {
        var address = new SocketAddress(AddressFamily.InterNetwork);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        while (!ct.IsCancellationRequested)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer.AsSpan(0, ReceiveBufferSize), SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue; // idle: look at the stop flag again
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // ICMP unreachable from an earlier send, or an oversized datagram: not fatal to the loop
            }
            catch (SocketException) when (ct.IsCancellationRequested)
            {
                break; // the socket was closed under the blocked call
            }
            catch (SocketException ex)
            {
                // Anything else is reported and survived: one bad datagram or transient error must not end every session.
                LogReceiveFailed(_logger, ex.SocketErrorCode);
                Thread.Sleep(1);
                continue;
            }

            Interlocked.Increment(ref _received);
            bool taken;
            try
            {
                taken = _receiver?.OnDatagram(buffer, length, address) ?? false;
            }
            catch (Exception ex)
            {
                // A receiver bug must not stop every session's traffic.
                LogReceiverFailed(_logger, ex);
                taken = false;
            }

            if (taken)
            {
                buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebRTC UDP transport listening on {LocalEndPoint}")]
    private static partial void LogBound(ILogger logger, IPEndPoint localEndPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "UDP send failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UDP receive failed ({Error}); the loop continues")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Datagram receiver failed; datagram dropped")]
    private static partial void LogReceiverFailed(ILogger logger, Exception exception);
}
