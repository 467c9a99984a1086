namespace RtcGateway.WebRtc.DataChannels;

/// <summary>Data channel states (W3C RTCDataChannelState; closing per RFC 8831 §6.7).</summary>
public enum DataChannelState
{
    /// <summary>Our DCEP OPEN sent, ACK not yet received (or the association is not up yet).</summary>
    Connecting,

    /// <summary>Messages flow both ways.</summary>
    Open,

    /// <summary>Stream reset in progress (ours and/or the peer's).</summary>
    Closing,

    /// <summary>Both directions reset (or the association closed); the id may be reused.</summary>
    Closed,
}
