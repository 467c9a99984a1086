namespace RtcGateway.WebRtc.Rtcp;

/// <summary>Why <see cref="RtcpRemb.TryRead"/> rejected a REMB packet.</summary>
public enum RtcpRembError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Body shorter than the 16 bytes of SSRCs, "REMB" identifier, Num SSRC and bitrate.</summary>
    TooShort,

    /// <summary>The FCI does not start with the unique identifier "REMB".</summary>
    MissingIdentifier,

    /// <summary>Fewer SSRC feedback entries than Num SSRC announces.</summary>
    SsrcListTruncated,
}
