using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>Why <see cref="DtlsRecordHeader.TryRead"/> rejected a record.</summary>
public enum DtlsRecordError
{
    /// <summary>The header parsed and the fragment fits in the input.</summary>
    None = 0,

    /// <summary>Fewer than 13 bytes (the DTLSPlaintext header).</summary>
    TooShort,

    /// <summary>ContentType is not change_cipher_spec(20), alert(21), handshake(22) or application_data(23).</summary>
    UnknownContentType,

    /// <summary>ProtocolVersion is neither DTLS 1.0 (0xFEFF) nor DTLS 1.2 (0xFEFD).</summary>
    UnsupportedVersion,

    /// <summary>The length field exceeds 2^14 + 2048 (RFC 6347 §4.1, RFC 5246 §6.2.3).</summary>
    LengthTooLarge,

    /// <summary>The length field points past the end of the input.</summary>
    Truncated,
}

/// <summary>
/// The DTLS record header (RFC 6347 §4.1) that the session uses to split datagrams into records and drop junk before it
/// reaches the handshake engine:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ContentType  |        ProtocolVersion        |     epoch ... |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | ... epoch     |        sequence_number (48 bits) ...          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | ... sequence_number           |            length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  fragment (length bytes) ...
/// </code>
/// </summary>
/// <param name="ContentType">20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data (RFC 5246 §6.2.1).</param>
/// <param name="Version">0xFEFF (DTLS 1.0) or 0xFEFD (DTLS 1.2).</param>
/// <param name="Epoch">Cipher state counter, incremented on each ChangeCipherSpec.</param>
/// <param name="SequenceNumber">48-bit record sequence number within the epoch.</param>
/// <param name="Length">Fragment length in bytes.</param>
public readonly record struct DtlsRecordHeader(byte ContentType, ushort Version, ushort Epoch, ulong SequenceNumber, ushort Length)
{
    /// <summary>Header size in bytes (13).</summary>
    public const int Size = 13;

    /// <summary>Largest accepted fragment: 2^14 + 2048 bytes (TLSCiphertext bound, RFC 5246 §6.2.3).</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    /// <summary>change_cipher_spec content type (20).</summary>
    public const byte ChangeCipherSpec = 20;

    /// <summary>alert content type (21).</summary>
    public const byte Alert = 21;

    /// <summary>handshake content type (22).</summary>
    public const byte Handshake = 22;

    /// <summary>application_data content type (23).</summary>
    public const byte ApplicationData = 23;

    /// <summary>Whole record size: header plus fragment, in bytes.</summary>
    public int RecordLength => Size + Length;

    /// <summary>
    /// Reads the record header at the start of <paramref name="input"/> and checks that the fragment fits. Never throws.
    /// </summary>
    /// <param name="input">Bytes starting at a record boundary (a datagram may hold several records).</param>
    /// <param name="header">The header on <see cref="DtlsRecordError.None"/>; default otherwise.</param>
    /// <returns><see cref="DtlsRecordError.None"/> or the first malformation found.</returns>
    public static DtlsRecordError TryRead(ReadOnlySpan<byte> input, out DtlsRecordHeader header)
    {
        header = default;
        if (input.Length < Size)
        {
            return DtlsRecordError.TooShort;
        }

        byte contentType = input[0];
        if (contentType is < ChangeCipherSpec or > ApplicationData)
        {
            return DtlsRecordError.UnknownContentType;
        }

        ushort version = BinaryPrimitives.ReadUInt16BigEndian(input[1..]);
        if (version is not (0xFEFF or 0xFEFD))
        {
            return DtlsRecordError.UnsupportedVersion;
        }

        ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(input[3..]);
        ulong sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(input[5..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(input[7..]);
        ushort length = BinaryPrimitives.ReadUInt16BigEndian(input[11..]);
        if (length > MaxFragmentLength)
        {
            return DtlsRecordError.LengthTooLarge;
        }

        if (Size + length > input.Length)
        {
            return DtlsRecordError.Truncated;
        }

        header = new DtlsRecordHeader(contentType, version, epoch, sequence, length);
        return DtlsRecordError.None;
    }
}
