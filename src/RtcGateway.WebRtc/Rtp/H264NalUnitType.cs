namespace RtcGateway.WebRtc.Rtp;

/// <summary>H.264 NAL unit types used by the packetizer (ITU-T H.264 Table 7-1; RFC 6184 §5.4 for 24–29).</summary>
public enum H264NalUnitType : byte
{
    /// <summary>Coded slice of a non-IDR picture.</summary>
    NonIdrSlice = 1,

    /// <summary>Coded slice data partition A.</summary>
    SliceDataPartitionA = 2,

    /// <summary>Coded slice of an IDR picture.</summary>
    IdrSlice = 5,

    /// <summary>Supplemental enhancement information.</summary>
    Sei = 6,

    /// <summary>Sequence parameter set.</summary>
    Sps = 7,

    /// <summary>Picture parameter set.</summary>
    Pps = 8,

    /// <summary>Access unit delimiter.</summary>
    AccessUnitDelimiter = 9,

    /// <summary>Filler data.</summary>
    FillerData = 12,

    /// <summary>Single-time aggregation packet type A (RFC 6184 §5.7.1).</summary>
    StapA = 24,

    /// <summary>Fragmentation unit type A (RFC 6184 §5.8).</summary>
    FuA = 28,
}
