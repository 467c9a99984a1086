using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// A loopback UDP port-forward, like the NAT/firewall forward that <c>Gateway:WebRtc:AdvertisedPort</c> describes:
/// public port <see cref="Port"/> → the gateway's UDP port. Until <see cref="Start"/> the port is bound but nothing is
/// forwarded (a firewall silently dropping the traffic: WebRTC cannot connect); after it, every datagram is relayed
/// both ways (one upstream socket per browser address, so the gateway sees distinct remote addresses).
/// </summary>
public sealed class UdpPortForward : IDisposable
{
    private readonly Socket _public = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly ConcurrentDictionary<IPEndPoint, Socket> _upstream = new();
    private readonly CancellationTokenSource _stop = new();
    private IPEndPoint? _target;

    public UdpPortForward()
    {
        _public.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_public.LocalEndPoint!).Port;
    }

    /// <summary>The forwarded ("public") port.</summary>
    public int Port { get; }

    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>
    /// Optional loss on the gateway → browser direction: called (on a relay thread) with each datagram before it is
    /// relayed; true drops it. Null (default) relays everything.
    /// </summary>
    public Func<byte[], int, bool>? DropToBrowser { get; set; }

    private long _forwarded;

    /// <summary>Starts forwarding to 127.0.0.1:<paramref name="targetPort"/> (datagrams that arrived while blocked are dropped).</summary>
    public void Start(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        byte[] discard = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (_public.Available > 0)
        {
            _public.ReceiveFrom(discard, ref any);
        }

        _ = Task.Run(() => InboundAsync(_stop.Token));
    }

    private async Task InboundAsync(CancellationToken ct)
    {
        byte[] buffer = new byte[2048];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                SocketReceiveFromResult r = await _public.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), ct);
                var from = (IPEndPoint)r.RemoteEndPoint;
                Socket up = _upstream.GetOrAdd(from, f =>
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    _ = Task.Run(() => OutboundAsync(s, f, ct));
                    return s;
                });
                await up.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), _target!, ct);
                Interlocked.Increment(ref _forwarded);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task OutboundAsync(Socket up, IPEndPoint browser, CancellationToken ct)
    {
        byte[] buffer = new byte[2048];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                SocketReceiveFromResult r = await up.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), ct);
                if (DropToBrowser?.Invoke(buffer, r.ReceivedBytes) == true)
                {
                    continue;
                }

                await _public.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), browser, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _public.Dispose();
        foreach (Socket s in _upstream.Values)
        {
            s.Dispose();
        }
    }
}
