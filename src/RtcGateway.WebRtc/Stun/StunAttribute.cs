namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// One attribute of a parsed STUN message (RFC 8489 §14): a view over the datagram, no copy.
/// </summary>
/// <remarks>
/// RFC 8489 §14, figure 4:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The value is padded to a multiple of 4 bytes; <see cref="Value"/> excludes the padding.
/// </remarks>
public readonly ref struct StunAttribute
{
    /// <summary>Creates a view; used by the parser.</summary>
    /// <param name="type">Attribute type code (see <see cref="StunAttributeType"/>).</param>
    /// <param name="value">Value bytes without padding.</param>
    /// <param name="offset">Byte offset of the attribute header from the start of the STUN message.</param>
    public StunAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>Attribute type code (see <see cref="StunAttributeType"/>).</summary>
    public ushort Type { get; }

    /// <summary>Value bytes, without the padding to a 4-byte boundary.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Byte offset of this attribute's 4-byte header from the start of the STUN message.</summary>
    public int Offset { get; }
}
