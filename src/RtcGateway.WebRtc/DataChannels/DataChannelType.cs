namespace RtcGateway.WebRtc.DataChannels;

/// <summary>DCEP channel types (RFC 8832 §5.1): bit 0x80 = unordered; low bits select the reliability.</summary>
public enum DataChannelType : byte
{
    /// <summary>DATA_CHANNEL_RELIABLE: reliable, ordered.</summary>
    Reliable = 0x00,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT: at most "reliability parameter" retransmissions, ordered.</summary>
    PartialReliableRexmit = 0x01,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_TIMED: abandoned after "reliability parameter" ms, ordered.</summary>
    PartialReliableTimed = 0x02,

    /// <summary>DATA_CHANNEL_RELIABLE_UNORDERED.</summary>
    ReliableUnordered = 0x80,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED.</summary>
    PartialReliableRexmitUnordered = 0x81,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_TIMED_UNORDERED.</summary>
    PartialReliableTimedUnordered = 0x82,
}
