namespace RtcGateway.WebRtc.Rtcp;

/// <summary>Why <see cref="RtcpTransportFeedback.TryRead"/> rejected a transport-wide feedback packet.</summary>
public enum RtcpTransportFeedbackError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Body shorter than the 16 bytes of SSRCs, base sequence number, status count, reference time and fb pkt count.</summary>
    TooShort,

    /// <summary>The packet chunks end before they describe packet status count packets.</summary>
    ChunksTruncated,

    /// <summary>A chunk carries the reserved status symbol 11 for a packet within the status count.</summary>
    ReservedSymbol,

    /// <summary>The receive deltas the symbols announce run past the end of the packet.</summary>
    DeltasTruncated,
}
