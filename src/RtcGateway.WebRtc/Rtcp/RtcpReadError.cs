namespace RtcGateway.WebRtc.Rtcp;

/// <summary>Why <see cref="RtcpCompoundReader"/> stopped before the end of the datagram.</summary>
public enum RtcpReadError
{
    /// <summary>No error: every packet was read.</summary>
    None,

    /// <summary>Fewer than 4 bytes remain for a common header (RFC 3550 §6.4.1).</summary>
    TruncatedHeader,

    /// <summary>The version field is not 2.</summary>
    UnsupportedVersion,

    /// <summary>The length field points past the end of the datagram.</summary>
    LengthExceedsDatagram,

    /// <summary>P is set but the padding count is 0 or larger than the packet body.</summary>
    InvalidPadding,

    /// <summary>SR shorter than sender info plus RC report blocks.</summary>
    MalformedSenderReport,

    /// <summary>RR shorter than SSRC plus RC report blocks.</summary>
    MalformedReceiverReport,

    /// <summary>SDES chunks or items run past the packet, or fewer chunks than SC.</summary>
    MalformedSourceDescription,

    /// <summary>BYE shorter than SC SSRCs, or its reason runs past the packet.</summary>
    MalformedGoodbye,

    /// <summary>Feedback packet shorter than the 8-byte sender/media SSRC header (RFC 4585 §6.1).</summary>
    MalformedFeedback,

    /// <summary>Generic NACK without FCI entries or with a partial one.</summary>
    MalformedNack,

    /// <summary>FIR without FCI entries or with a partial one.</summary>
    MalformedFir,

    /// <summary>Transport-wide feedback (RTPFB FMT 15) whose chunks or deltas are truncated or carry a reserved symbol;
    /// <see cref="RtcpTransportFeedback.TryRead"/> on the body names the exact <see cref="RtcpTransportFeedbackError"/>.</summary>
    MalformedTransportFeedback,

    /// <summary>REMB (PSFB FMT 15 with the "REMB" identifier) shorter than its fixed part or its SSRC list.</summary>
    MalformedRemb,
}
