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

    /// <summary>
    /// A STUN check from <paramref name="remote"/> passed for the first time (RFC 8445 §7.3). Called before that check's
    /// success response is sent, so a driver that demultiplexes by address (RFC 7983) can route the address's next
    /// datagrams — the browser's DTLS ClientHello follows the response at once — to this peer. The same address is also
    /// reported as <see cref="PeerEventKind.RemoteValidated"/>. Default: nothing.
    /// </summary>
    void OnRemoteValidated(IPEndPoint remote)
    {
    }
}
