using System.Net;

namespace RtcGateway.WebRtc.Peer;

/// <summary>
/// Where a <see cref="WebRtcPeer"/> puts the datagrams it produces. The driver implements it over its socket (or an
/// in-memory network in tests). Called synchronously from the peer's methods; the span is only valid during the call.
/// </summary>
public interface IPeerTransmitter
{
    /// <summary>Sends one datagram (≤ 1,200 bytes for media) to <paramref name="remote"/>; must not throw.</summary>
    void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote);
}
