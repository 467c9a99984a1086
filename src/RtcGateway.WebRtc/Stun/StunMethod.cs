namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// STUN method numbers (RFC 8489 §18.2, IANA "STUN Methods"): 12-bit values spread over the
/// message type field around the class bits. Only Binding is used by ICE (RFC 8445 §7).
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001), RFC 8489 §3: connectivity checks and consent (RFC 8445 §7, RFC 7675).</summary>
    Binding = 0x001,
}
