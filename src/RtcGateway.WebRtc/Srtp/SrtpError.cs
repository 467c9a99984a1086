namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// Why <see cref="SrtpContext"/> refused to protect or unprotect a packet. Returned, never thrown, so the
/// caller can count drops per reason.
/// </summary>
public enum SrtpError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The packet is shorter than the fixed header plus the SRTP/SRTCP trailer.</summary>
    TooShort,

    /// <summary>
    /// The RTP/RTCP header is not valid: version is not 2, or the CSRC list / header extension
    /// (RFC 3550 §5.1, §5.3.1) runs past the end of the packet.
    /// </summary>
    MalformedHeader,

    /// <summary>Protect only: the buffer has no room for the tag/trailer after the packet.</summary>
    BufferTooSmall,

    /// <summary>The authentication tag (HMAC-SHA1-80 or GCM tag) did not verify (RFC 3711 §3.3 step 5).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received inside the replay window (RFC 3711 §3.3.2).</summary>
    ReplayedPacket,

    /// <summary>The packet index is older than the 64-packet replay window (RFC 3711 §3.3.2).</summary>
    TooOld,

    /// <summary>A new SSRC arrived while the context already tracks its maximum number of SSRCs.</summary>
    SsrcLimitReached,

    /// <summary>
    /// The packet index cannot be represented: the estimated rollover counter would be below 0 or above
    /// 2^32 − 1 (RFC 3711 §3.3.1), or an SRTCP index passed 2^31 − 1 (RFC 3711 §3.4; re-key instead).
    /// </summary>
    IndexOutOfRange,
}
