namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// ERROR-CODE values used by an ICE-lite agent (RFC 8489 §14.8, RFC 8445 §7.3.1.1) with their
/// recommended reason phrases as UTF-8 (static data; no allocation).
/// </summary>
public static class StunErrorCodes
{
    /// <summary>400 Bad Request (RFC 8489 §14.8): malformed request, e.g. missing USERNAME or MESSAGE-INTEGRITY.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthorized (RFC 8489 §14.8): wrong USERNAME or MESSAGE-INTEGRITY.</summary>
    public const int Unauthorized = 401;

    /// <summary>420 Unknown Attribute (RFC 8489 §14.8): unknown comprehension-required attribute(s).</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1): both agents claim the same ICE role.</summary>
    public const int RoleConflict = 487;

    /// <summary>Reason phrase for 400.</summary>
    public static ReadOnlySpan<byte> BadRequestReason => "Bad Request"u8;

    /// <summary>Reason phrase for 401.</summary>
    public static ReadOnlySpan<byte> UnauthorizedReason => "Unauthorized"u8;

    /// <summary>Reason phrase for 420.</summary>
    public static ReadOnlySpan<byte> UnknownAttributeReason => "Unknown Attribute"u8;

    /// <summary>Reason phrase for 487.</summary>
    public static ReadOnlySpan<byte> RoleConflictReason => "Role Conflict"u8;
}
