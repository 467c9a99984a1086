using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// Builds one STUN message (RFC 8489 §5, §14) in a caller-provided buffer without allocating:
/// header first, then attributes in call order, then optionally MESSAGE-INTEGRITY (§14.5) and
/// FINGERPRINT (§14.7), which must come last and in that order. The header length field is kept
/// current after every call, so <see cref="Written"/> is always a complete message.
/// </summary>
/// <remarks>
/// Misuse is a programming error, not wire input: a buffer too small for the next attribute throws
/// <see cref="ArgumentException"/>, and adding attributes after MESSAGE-INTEGRITY/FINGERPRINT throws
/// <see cref="InvalidOperationException"/>. Use <see cref="GetAttributeSize"/> to size buffers.
/// </remarks>
public ref struct StunMessageWriter
{
    /// <summary>Wire size of MESSAGE-INTEGRITY (4-byte header + 20-byte HMAC-SHA1).</summary>
    public const int MessageIntegritySize = 4 + StunMessage.MessageIntegrityLength;

    /// <summary>Wire size of FINGERPRINT (4-byte header + 4-byte CRC).</summary>
    public const int FingerprintSize = 8;

    /// <summary>Largest XOR-MAPPED-ADDRESS on the wire (IPv6: 4-byte header + 20-byte value).</summary>
    public const int MaxXorMappedAddressSize = 24;

    private readonly Span<byte> _buffer;
    private int _length;
    private bool _hasMessageIntegrity;
    private bool _hasFingerprint;

    /// <summary>Writes the 20-byte header (RFC 8489 §5) with message length 0.</summary>
    /// <param name="buffer">Destination; at least 20 bytes.</param>
    /// <param name="type">Message method and class.</param>
    /// <param name="transactionId">Exactly 12 bytes (a response copies the request's).</param>
    /// <exception cref="ArgumentException">Buffer shorter than 20 bytes or transaction id not 12 bytes.</exception>
    public StunMessageWriter(Span<byte> buffer, StunMessageType type, scoped ReadOnlySpan<byte> transactionId)
    {
        if (buffer.Length < StunMessage.HeaderLength)
        {
            throw new ArgumentException("STUN buffer must hold at least the 20-byte header.", nameof(buffer));
        }

        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("STUN transaction id must be 12 bytes.", nameof(transactionId));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type.ToWire());
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
        _hasMessageIntegrity = false;
        _hasFingerprint = false;
    }

    /// <summary>Bytes written so far (header plus attributes).</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far; a complete STUN message.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Wire size of an attribute with a value of <paramref name="valueLength"/> bytes (header + value padded to 4).</summary>
    /// <param name="valueLength">Value length in bytes.</param>
    /// <returns>4 + valueLength rounded up to a multiple of 4.</returns>
    public static int GetAttributeSize(int valueLength) => 4 + ((valueLength + 3) & ~3);

    /// <summary>Appends a raw attribute (RFC 8489 §14) with zero padding.</summary>
    /// <param name="type">Attribute type code.</param>
    /// <param name="value">Value bytes (at most 65,535).</param>
    /// <exception cref="ArgumentException">Value too long or buffer too small.</exception>
    /// <exception cref="InvalidOperationException">After MESSAGE-INTEGRITY or FINGERPRINT.</exception>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("STUN attribute value longer than 65,535 bytes.", nameof(value));
        }

        Span<byte> destination = Reserve(type, value.Length);
        value.CopyTo(destination);
    }

    /// <summary>Appends USERNAME (RFC 8489 §14.3).</summary>
    /// <param name="username">UTF-8 bytes, fewer than 509 (ICE: "&lt;receiver ufrag&gt;:&lt;sender ufrag&gt;").</param>
    public void AddUsername(scoped ReadOnlySpan<byte> username) => AddAttribute(StunAttributeType.Username, username);

    /// <summary>Appends PRIORITY (RFC 8445 §7.1.1).</summary>
    /// <param name="priority">32-bit candidate priority.</param>
    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    /// <summary>Appends USE-CANDIDATE (RFC 8445 §7.1.2), an empty attribute.</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    /// <summary>Appends ICE-CONTROLLING (RFC 8445 §7.1.3).</summary>
    /// <param name="tiebreaker">64-bit tiebreaker.</param>
    public void AddIceControlling(ulong tiebreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tiebreaker);

    /// <summary>Appends ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    /// <param name="tiebreaker">64-bit tiebreaker.</param>
    public void AddIceControlled(ulong tiebreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tiebreaker);

    /// <summary>Appends ERROR-CODE (RFC 8489 §14.8).</summary>
    /// <param name="code">300–699 (class × 100 + number).</param>
    /// <param name="reason">UTF-8 reason phrase, at most 763 bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">Code outside 300–699 or reason too long.</exception>
    public void AddErrorCode(int code, scoped ReadOnlySpan<byte> reason)
    {
        if (code < 300 || code > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error code must be 300–699.");
        }

        if (reason.Length > 763)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason.Length, "STUN reason phrase must be at most 763 bytes.");
        }

        Span<byte> value = Reserve(StunAttributeType.ErrorCode, 4 + reason.Length);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
    }

    /// <summary>Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.13) listing 16-bit attribute types.</summary>
    /// <param name="types">The unknown comprehension-required types.</param>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        Span<byte> value = Reserve(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
        }
    }

    /// <summary>
    /// Appends XOR-MAPPED-ADDRESS (RFC 8489 §14.2). An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as seen on
    /// dual-mode sockets) is written as IPv4, the address the peer actually used.
    /// </summary>
    /// <param name="endPoint">The transport address to reflect.</param>
    /// <exception cref="ArgumentException">Address family other than IPv4/IPv6, or buffer too small.</exception>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> address = stackalloc byte[16];
        if (!endPoint.Address.TryWriteBytes(address, out int written) || (written != 4 && written != 16))
        {
            throw new ArgumentException("XOR-MAPPED-ADDRESS needs an IPv4 or IPv6 address.", nameof(endPoint));
        }

        if (written == 16 && endPoint.Address.IsIPv4MappedToIPv6)
        {
            address.Slice(12, 4).CopyTo(address);
            written = 4;
        }

        Span<byte> value = Reserve(StunAttributeType.XorMappedAddress, 4 + written);
        value[0] = 0;
        value[1] = written == 4 ? (byte)0x01 : (byte)0x02;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endPoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));

        // XOR pad: magic cookie followed by the transaction id, i.e. header bytes 4..20.
        ReadOnlySpan<byte> pad = _buffer.Slice(4, 16);
        for (int i = 0; i < written; i++)
        {
            value[4 + i] = (byte)(address[i] ^ pad[i]);
        }
    }

    /// <summary>
    /// Appends MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the header, with the length field
    /// covering this attribute, and all preceding attributes.
    /// </summary>
    /// <param name="key">Short-term credential key: the UTF-8 password bytes (ICE: the ice-pwd of the request's receiver).</param>
    /// <exception cref="InvalidOperationException">Called twice or after FINGERPRINT.</exception>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        if (_hasMessageIntegrity || _hasFingerprint)
        {
            throw new InvalidOperationException("MESSAGE-INTEGRITY already written or FINGERPRINT written.");
        }

        int start = _length;
        EnsureCapacity(MessageIntegritySize);
        SetMessageLength(start + MessageIntegritySize);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[start..], StunAttributeType.MessageIntegrity);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(start + 2)..], StunMessage.MessageIntegrityLength);
        HMACSHA1.HashData(key, _buffer[..start], _buffer.Slice(start + 4, StunMessage.MessageIntegrityLength));
        _length = start + MessageIntegritySize;
        _hasMessageIntegrity = true;
    }

    /// <summary>
    /// Appends FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message so far (length field covering this
    /// attribute) XOR 0x5354554E. Must be the last attribute.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public void AddFingerprint()
    {
        if (_hasFingerprint)
        {
            throw new InvalidOperationException("FINGERPRINT already written.");
        }

        int start = _length;
        EnsureCapacity(FingerprintSize);
        SetMessageLength(start + FingerprintSize);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[start..], StunAttributeType.Fingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(start + 2)..], 4);
        uint crc = StunFingerprint.Compute(_buffer[..start]);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[(start + 4)..], crc);
        _length = start + FingerprintSize;
        _hasFingerprint = true;
    }

    private Span<byte> Reserve(ushort type, int valueLength)
    {
        if (_hasMessageIntegrity || _hasFingerprint)
        {
            throw new InvalidOperationException("No attribute may follow MESSAGE-INTEGRITY or FINGERPRINT.");
        }

        int size = GetAttributeSize(valueLength);
        EnsureCapacity(size);
        int start = _length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[start..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(start + 2)..], (ushort)valueLength);
        _buffer.Slice(start + 4 + valueLength, size - 4 - valueLength).Clear();
        _length = start + size;
        SetMessageLength(_length);
        return _buffer.Slice(start + 4, valueLength);
    }

    private readonly void EnsureCapacity(int size)
    {
        if (_length + size > _buffer.Length || _length + size - StunMessage.HeaderLength > ushort.MaxValue)
        {
            throw new ArgumentException("STUN buffer too small for the next attribute.");
        }
    }

    private readonly void SetMessageLength(int totalLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(totalLength - StunMessage.HeaderLength));
}
