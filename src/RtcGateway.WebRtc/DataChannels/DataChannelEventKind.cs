namespace RtcGateway.WebRtc.DataChannels;

/// <summary>Kinds of <see cref="DataChannelEvent"/>.</summary>
public enum DataChannelEventKind
{
    /// <summary>A channel opened: the peer's DCEP OPEN (we acknowledged it), our OPEN was acknowledged, or a pre-negotiated channel came up.</summary>
    ChannelOpened,

    /// <summary>A message arrived on <see cref="DataChannelEvent.Channel"/>.</summary>
    Message,

    /// <summary>The channel reached <see cref="DataChannelState.Closed"/>.</summary>
    ChannelClosed,

    /// <summary>The channel's buffered amount fell to or below its low threshold.</summary>
    BufferedAmountLow,

    /// <summary>The SCTP association closed (every channel is closed too); see <see cref="DataChannelManager.Association"/>.</summary>
    AssociationClosed,
}
