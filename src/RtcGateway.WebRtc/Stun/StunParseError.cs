namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// Why a datagram is not a well-formed STUN message (RFC 8489 §5, §6.3, §14). Returned by
/// <see cref="StunMessage.Parse"/>; parsing never throws on wire input.
/// </summary>
public enum StunParseError
{
    /// <summary>Well-formed.</summary>
    None = 0,

    /// <summary>Shorter than the 20-byte header (RFC 8489 §5).</summary>
    TooShort,

    /// <summary>The two most significant bits of the first byte are not zero (RFC 8489 §5; RFC 7983 demux range 0–3).</summary>
    NotStun,

    /// <summary>The magic cookie is not 0x2112A442 (RFC 8489 §5); RFC 3489 messages are not accepted.</summary>
    BadMagicCookie,

    /// <summary>The message length field is not a multiple of 4 (RFC 8489 §5).</summary>
    LengthNotMultipleOfFour,

    /// <summary>20 + message length differs from the datagram length (RFC 8489 §6.3: one message per UDP datagram).</summary>
    LengthMismatch,

    /// <summary>An attribute header or its padded value runs past the end of the message (RFC 8489 §14).</summary>
    TruncatedAttribute,

    /// <summary>MESSAGE-INTEGRITY value is not 20 bytes (RFC 8489 §14.5).</summary>
    BadMessageIntegrity,

    /// <summary>FINGERPRINT is not 4 bytes or is not the last attribute (RFC 8489 §14.7).</summary>
    BadFingerprint,
}
