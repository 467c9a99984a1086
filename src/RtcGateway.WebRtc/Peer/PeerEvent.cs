using System.Net;

namespace RtcGateway.WebRtc.Peer;

/// <summary>Kind of a <see cref="PeerEvent"/>.</summary>
public enum PeerEventKind
{
    /// <summary>A STUN check from <see cref="PeerEvent.Remote"/> succeeded: the driver routes that address's non-STUN
    /// datagrams to this peer (RFC 7983 demultiplexing by remote address).</summary>
    RemoteValidated = 1,

    /// <summary>ICE selected a pair and DTLS-SRTP completed: media flows from now on.</summary>
    Connected = 2,

    /// <summary>The viewer asked for a keyframe (RTCP PLI, RFC 4585 §6.3.1, or FIR, RFC 5104 §4.3.1).</summary>
    KeyframeRequested = 3,

    /// <summary>The peer closed (consent expired, DTLS failure or close_notify, BYE, owner close); <see cref="PeerEvent.Reason"/> says why.</summary>
    Closed = 4,

    /// <summary>A data channel opened (DCEP OPEN from the viewer, RFC 8832, or a negotiated channel); see <see cref="PeerEvent.Channel"/>.</summary>
    DataChannelOpened = 5,

    /// <summary>A data channel message arrived: <see cref="PeerEvent.Channel"/>, <see cref="PeerEvent.IsText"/>, <see cref="PeerEvent.Data"/>.</summary>
    DataChannelMessage = 6,

    /// <summary>A data channel closed (stream reset, RFC 8831 §6.7) or the SCTP association ended.</summary>
    DataChannelClosed = 7,
}

/// <summary>Something the driver of a <see cref="WebRtcPeer"/> must act on; drained with <see cref="WebRtcPeer.TryPollEvent"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">Human-readable reason (close reason, "PLI"/"FIR" for keyframe requests); null otherwise.</param>
/// <param name="Remote">The remote address for <see cref="PeerEventKind.RemoteValidated"/>; null otherwise.</param>
/// <param name="Channel">The data channel of the DataChannel* kinds; null otherwise.</param>
/// <param name="IsText">For <see cref="PeerEventKind.DataChannelMessage"/>: UTF-8 text (PPID 51/56) or binary (53/57).</param>
/// <param name="Data">For <see cref="PeerEventKind.DataChannelMessage"/>: the message bytes (owned by the event).</param>
public readonly record struct PeerEvent(PeerEventKind Kind, string? Reason = null, IPEndPoint? Remote = null,
    RtcGateway.WebRtc.DataChannels.DataChannel? Channel = null, bool IsText = false, ReadOnlyMemory<byte> Data = default);
