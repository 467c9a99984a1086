using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// A validated, zero-copy view of one STUN message (RFC 8489 §5) obtained from
/// <see cref="StunMessage.TryRead"/>. Accessors never throw and never allocate, except
/// <see cref="TryGetXorMappedAddress"/> which builds an <see cref="IPAddress"/>.
/// </summary>
/// <remarks>
/// RFC 8489 §5, figure 2:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Per RFC 8489 §14.5, attributes that follow MESSAGE-INTEGRITY (other than FINGERPRINT) are
/// ignored by the typed accessors and by <see cref="TryGetAttribute"/>; <see cref="GetAttributes"/>
/// still enumerates every attribute on the wire.
/// </remarks>
public readonly ref struct StunMessageView
{
    private readonly int _messageIntegrityOffset;
    private readonly int _fingerprintOffset;

    internal StunMessageView(ReadOnlySpan<byte> message, int messageIntegrityOffset, int fingerprintOffset)
    {
        Message = message;
        _messageIntegrityOffset = messageIntegrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message (header and attributes), a slice of the parsed datagram.</summary>
    public ReadOnlySpan<byte> Message { get; }

    /// <summary>Total message size in bytes (20-byte header plus the message length field).</summary>
    public int Length => Message.Length;

    /// <summary>Method and class decoded from the 14-bit type field (RFC 8489 §5).</summary>
    public StunMessageType Type => StunMessageType.FromWire(BinaryPrimitives.ReadUInt16BigEndian(Message));

    /// <summary>The STUN method (12 bits).</summary>
    public StunMethod Method => Type.Method;

    /// <summary>The STUN class.</summary>
    public StunClass Class => Type.Class;

    /// <summary>The 96-bit (12-byte) transaction id (RFC 8489 §5).</summary>
    public ReadOnlySpan<byte> TransactionId => Message.Slice(8, StunMessage.TransactionIdLength);

    /// <summary>True when the message carries MESSAGE-INTEGRITY (RFC 8489 §14.5).</summary>
    public bool HasMessageIntegrity => _messageIntegrityOffset >= 0;

    /// <summary>True when the message carries FINGERPRINT as its last attribute (RFC 8489 §14.7).</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Enumerates every attribute in wire order (use in <c>foreach</c>).</summary>
    /// <returns>A non-allocating enumerator.</returns>
    public StunAttributeEnumerator GetAttributes() => new(Message);

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/> at or before MESSAGE-INTEGRITY
    /// (or anywhere, if there is no MESSAGE-INTEGRITY). FINGERPRINT is always found.
    /// </summary>
    /// <param name="type">Attribute type code.</param>
    /// <param name="value">The value without padding, or empty.</param>
    /// <returns>False when absent.</returns>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        if (type == StunAttributeType.Fingerprint)
        {
            if (_fingerprintOffset >= 0)
            {
                value = Message.Slice(_fingerprintOffset + 4, 4);
                return true;
            }

            value = default;
            return false;
        }

        int limit = _messageIntegrityOffset >= 0 ? _messageIntegrityOffset : Message.Length;
        foreach (StunAttribute attribute in GetAttributes())
        {
            if (attribute.Offset > limit)
            {
                break;
            }

            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>USERNAME (RFC 8489 §14.3): raw UTF-8 bytes. For ICE: "&lt;receiver ufrag&gt;:&lt;sender ufrag&gt;" (RFC 8445 §7.2.2).</summary>
    /// <param name="username">UTF-8 bytes without padding.</param>
    /// <returns>False when absent.</returns>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetAttribute(StunAttributeType.Username, out username);

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): the 20-byte HMAC-SHA1 value.</summary>
    /// <param name="hmac">20 bytes, or empty.</param>
    /// <returns>False when absent.</returns>
    public bool TryGetMessageIntegrity(out ReadOnlySpan<byte> hmac)
    {
        if (_messageIntegrityOffset < 0)
        {
            hmac = default;
            return false;
        }

        hmac = Message.Slice(_messageIntegrityOffset + 4, StunMessage.MessageIntegrityLength);
        return true;
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7): the 32-bit value as sent (CRC-32 XOR 0x5354554E).</summary>
    /// <param name="fingerprint">The value, or 0.</param>
    /// <returns>False when absent.</returns>
    public bool TryGetFingerprint(out uint fingerprint)
    {
        if (_fingerprintOffset < 0)
        {
            fingerprint = 0;
            return false;
        }

        fingerprint = BinaryPrimitives.ReadUInt32BigEndian(Message.Slice(_fingerprintOffset + 4, 4));
        return true;
    }

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 keyed with <paramref name="key"/> over the
    /// header (with the length field adjusted to end just after MESSAGE-INTEGRITY) and every attribute
    /// before it, compared in constant time.
    /// </summary>
    /// <param name="key">Short-term credential: the UTF-8 password (ICE: the receiver's ice-pwd, RFC 8445 §7.2.2).</param>
    /// <returns>False when absent or wrong; never throws.</returns>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_messageIntegrityOffset < 0)
        {
            return false;
        }

        int covered = _messageIntegrityOffset;
        byte[]? rented = null;
        Span<byte> copy = covered <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(covered));
        try
        {
            copy = copy[..covered];
            Message[..covered].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(
                copy.Slice(2, 2),
                (ushort)(covered + 4 + StunMessage.MessageIntegrityLength - StunMessage.HeaderLength));
            Span<byte> expected = stackalloc byte[StunMessage.MessageIntegrityLength];
            HMACSHA1.HashData(key, copy, expected);
            return CryptographicOperations.FixedTimeEquals(
                expected,
                Message.Slice(_messageIntegrityOffset + 4, StunMessage.MessageIntegrityLength));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Verifies FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554E.
    /// (FINGERPRINT is the last attribute, so the header length already covers it.)
    /// </summary>
    /// <returns>False when absent or wrong; never throws.</returns>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }

        uint expected = StunFingerprint.Compute(Message[.._fingerprintOffset]);
        return expected == BinaryPrimitives.ReadUInt32BigEndian(Message.Slice(_fingerprintOffset + 4, 4));
    }

    /// <summary>
    /// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): family 0x01 (IPv4, 8-byte value) or 0x02 (IPv6, 20-byte value),
    /// port XOR the top 16 bits of the magic cookie, address XOR the cookie (and transaction id for IPv6).
    /// </summary>
    /// <param name="endPoint">The decoded transport address, or null.</param>
    /// <returns>False when absent or malformed.</returns>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2, 2)) ^ (int)(StunMessage.MagicCookie >> 16);
        Span<byte> address = stackalloc byte[16];
        int addressLength;
        if (value[1] == 0x01 && value.Length == 8)
        {
            addressLength = 4;
        }
        else if (value[1] == 0x02 && value.Length == 20)
        {
            addressLength = 16;
        }
        else
        {
            return false;
        }

        // The XOR pad is the magic cookie followed by the transaction id: exactly header bytes 4..20.
        ReadOnlySpan<byte> pad = Message.Slice(4, 16);
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ pad[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>PRIORITY (RFC 8445 §7.1.1): the sender's candidate priority for a peer-reflexive candidate.</summary>
    /// <param name="priority">32-bit priority, or 0.</param>
    /// <returns>False when absent or not 4 bytes.</returns>
    public bool TryGetPriority(out uint priority)
    {
        if (TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> value) && value.Length == 4)
        {
            priority = BinaryPrimitives.ReadUInt32BigEndian(value);
            return true;
        }

        priority = 0;
        return false;
    }

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): present when the controlling agent nominates this pair.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3): the sender claims the controlling role.</summary>
    /// <param name="tiebreaker">64-bit tiebreaker, or 0.</param>
    /// <returns>False when absent or not 8 bytes.</returns>
    public bool TryGetIceControlling(out ulong tiebreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tiebreaker);

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3): the sender claims the controlled role.</summary>
    /// <param name="tiebreaker">64-bit tiebreaker, or 0.</param>
    /// <returns>False when absent or not 8 bytes.</returns>
    public bool TryGetIceControlled(out ulong tiebreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tiebreaker);

    /// <summary>
    /// ERROR-CODE (RFC 8489 §14.8): code = class × 100 + number, class 3–6, number 0–99,
    /// followed by a UTF-8 reason phrase.
    /// </summary>
    /// <param name="code">300–699, or 0.</param>
    /// <param name="reason">UTF-8 reason phrase bytes (may be empty).</param>
    /// <returns>False when absent or out of range.</returns>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int errorClass = value[2] & 0x07;
        int number = value[3];
        if (errorClass < 3 || errorClass > 6 || number > 99)
        {
            return false;
        }

        code = errorClass * 100 + number;
        reason = value[4..];
        return true;
    }

    private bool TryGetUInt64(ushort type, out ulong result)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> value) && value.Length == 8)
        {
            result = BinaryPrimitives.ReadUInt64BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }
}
