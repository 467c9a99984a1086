namespace RtcGateway.WebRtc.Peer;

/// <summary>Life cycle of a <see cref="WebRtcPeer"/>.</summary>
public enum PeerState
{
    /// <summary>Answer sent; waiting for ICE checks and the DTLS handshake.</summary>
    Connecting = 0,

    /// <summary>ICE-selected path and SRTP keys in place: media is sent.</summary>
    Connected = 1,

    /// <summary>Terminal: nothing is sent any more; see <see cref="WebRtcPeer.CloseReason"/>.</summary>
    Closed = 2,
}
