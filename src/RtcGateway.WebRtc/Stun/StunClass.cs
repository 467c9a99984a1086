namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// The class of a STUN message (RFC 8489 §5): the two bits C1 and C0 interleaved in the
/// 14-bit message type. Values are the two-bit class number (C1C0).
/// </summary>
public enum StunClass : byte
{
    /// <summary>Request (0b00): expects a response carrying the same transaction id.</summary>
    Request = 0,

    /// <summary>Indication (0b01): no response is sent (RFC 8489 §6.3.2).</summary>
    Indication = 1,

    /// <summary>Success response (0b10).</summary>
    SuccessResponse = 2,

    /// <summary>Error response (0b11): carries ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorResponse = 3,
}
