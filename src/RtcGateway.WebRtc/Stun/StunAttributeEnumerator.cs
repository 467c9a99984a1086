using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// Non-allocating enumerator over the attributes of a STUN message already validated by
/// <see cref="StunMessage.Parse"/> (RFC 8489 §14 TLV layout, values padded to 4 bytes).
/// Stops early (without throwing) if it meets a truncated attribute.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;

    /// <summary>Starts before the first attribute of <paramref name="message"/> (a whole STUN message).</summary>
    /// <param name="message">Header plus attributes.</param>
    public StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunMessage.HeaderLength;
        Current = default;
    }

    /// <summary>The current attribute; valid after <see cref="MoveNext"/> returned true.</summary>
    public StunAttribute Current { get; private set; }

    /// <summary>Returns this enumerator (enables <c>foreach</c>).</summary>
    /// <returns>This instance.</returns>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next attribute.</summary>
    /// <returns>False at the end or on a truncated attribute.</returns>
    public bool MoveNext()
    {
        if (_next + 4 > _message.Length)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(_message.Slice(_next, 2));
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message.Slice(_next + 2, 2));
        int padded = (length + 3) & ~3;
        if (_next + 4 + padded > _message.Length)
        {
            _next = _message.Length;
            return false;
        }

        Current = new StunAttribute(type, _message.Slice(_next + 4, length), _next);
        _next += 4 + padded;
        return true;
    }
}
