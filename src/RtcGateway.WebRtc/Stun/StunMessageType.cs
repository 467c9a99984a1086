namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// The 14-bit STUN message type (RFC 8489 §5), split into its method and class.
/// </summary>
/// <remarks>
/// RFC 8489 §5, figure 3 (bit 0 is the most significant of the 16-bit field):
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
/// <param name="Method">The 12-bit method number (only the low 12 bits are meaningful); see <see cref="StunMethod"/>.</param>
/// <param name="Class">The message class.</param>
public readonly record struct StunMessageType(StunMethod Method, StunClass Class)
{
    /// <summary>Binding request (wire value 0x0001).</summary>
    public static StunMessageType BindingRequest => new(StunMethod.Binding, StunClass.Request);

    /// <summary>Binding success response (wire value 0x0101).</summary>
    public static StunMessageType BindingSuccess => new(StunMethod.Binding, StunClass.SuccessResponse);

    /// <summary>Binding error response (wire value 0x0111).</summary>
    public static StunMessageType BindingError => new(StunMethod.Binding, StunClass.ErrorResponse);

    /// <summary>Decodes the 16-bit message type field (the two most significant bits must already be known to be zero).</summary>
    /// <param name="value">The first two bytes of the STUN header, big-endian.</param>
    /// <returns>The method and class; never throws.</returns>
    public static StunMessageType FromWire(ushort value)
    {
        int m = (value & 0x000F) | ((value & 0x00E0) >> 1) | ((value & 0x3E00) >> 2);
        int c = ((value & 0x0010) >> 4) | ((value & 0x0100) >> 7);
        return new StunMessageType((StunMethod)m, (StunClass)c);
    }

    /// <summary>Encodes this type into the 16-bit wire field (the two most significant bits are zero).</summary>
    /// <returns>The value to write big-endian at offset 0 of the STUN header.</returns>
    public ushort ToWire()
    {
        int m = (int)Method & 0x0FFF;
        int c = (int)Class & 0x3;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }
}
