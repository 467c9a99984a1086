namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// STUN attribute type codes used by ICE (RFC 8489 §18.3, RFC 8445 §16.1, IANA "STUN Attributes").
/// Codes 0x0000–0x7FFF are comprehension-required, 0x8000–0xFFFF comprehension-optional (RFC 8489 §14).
/// </summary>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (0x0001), RFC 8489 §14.1.</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (0x0006), RFC 8489 §14.3: UTF-8, less than 509 bytes. ICE: "remoteUfrag:localUfrag" of the sender.</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (0x0008), RFC 8489 §14.5: 20-byte HMAC-SHA1.</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (0x0009), RFC 8489 §14.8.</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (0x000A), RFC 8489 §14.13: list of 16-bit attribute types.</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>REALM (0x0014), RFC 8489 §14.9 (long-term credentials only).</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (0x0015), RFC 8489 §14.10 (long-term credentials only).</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (0x001C), RFC 8489 §14.6.</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>PASSWORD-ALGORITHM (0x001D), RFC 8489 §14.12.</summary>
    public const ushort PasswordAlgorithm = 0x001D;

    /// <summary>USERHASH (0x001E), RFC 8489 §14.4.</summary>
    public const ushort UserHash = 0x001E;

    /// <summary>XOR-MAPPED-ADDRESS (0x0020), RFC 8489 §14.2.</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (0x0024), RFC 8445 §7.1.1: 32-bit candidate priority.</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (0x0025), RFC 8445 §7.1.2: empty flag, nominates the pair.</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>SOFTWARE (0x8022), RFC 8489 §14.14.</summary>
    public const ushort Software = 0x8022;

    /// <summary>ALTERNATE-SERVER (0x8023), RFC 8489 §14.15.</summary>
    public const ushort AlternateServer = 0x8023;

    /// <summary>FINGERPRINT (0x8028), RFC 8489 §14.7: CRC-32 of the message XOR 0x5354554E.</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (0x8029), RFC 8445 §7.1.3: 64-bit tiebreaker.</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (0x802A), RFC 8445 §7.1.3: 64-bit tiebreaker.</summary>
    public const ushort IceControlling = 0x802A;

    /// <summary>True when <paramref name="type"/> is comprehension-required (0x0000–0x7FFF, RFC 8489 §14).</summary>
    /// <param name="type">The attribute type code.</param>
    /// <returns>True for codes below 0x8000.</returns>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;

    /// <summary>
    /// True when this implementation understands the comprehension-required <paramref name="type"/> well enough
    /// to process a Binding request that carries it (RFC 8489 §6.3.1: otherwise answer 420 Unknown Attribute).
    /// </summary>
    /// <param name="type">The attribute type code.</param>
    /// <returns>True for the attributes an ICE Binding request may carry.</returns>
    public static bool IsKnownForBinding(ushort type) => type switch
    {
        MappedAddress or Username or MessageIntegrity or ErrorCode or UnknownAttributes or Realm or Nonce
            or MessageIntegritySha256 or PasswordAlgorithm or UserHash or XorMappedAddress or Priority or UseCandidate => true,
        _ => !IsComprehensionRequired(type),
    };
}
