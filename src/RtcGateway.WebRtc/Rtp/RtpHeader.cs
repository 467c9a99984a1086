using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtp;

// RFC 3550 §5.1 RTP fixed header:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// RFC 3550 §5.3.1 header extension: 16-bit profile-defined field, 16-bit length in 32-bit words
// (excluding the 4-byte extension header), then the extension data.

/// <summary>
/// A parsed RTP fixed header (RFC 3550 §5.1) with the position of its CSRC list, header extension
/// (RFC 3550 §5.3.1, RFC 8285) and payload inside the packet it was read from. It holds no reference to
/// the packet: pass the same span to <see cref="GetCsrc"/> and <see cref="GetExtensions"/>.
/// </summary>
public readonly struct RtpHeader
{
    /// <summary>Size of the fixed RTP header in bytes (RFC 3550 §5.1): 12.</summary>
    public const int FixedHeaderSize = 12;

    /// <summary>RFC 8285 §4.2 "defined by profile" value of the one-byte header form: 0xBEDE.</summary>
    public const ushort OneByteExtensionProfile = 0xBEDE;

    /// <summary>RFC 8285 §4.3 two-byte header form: 0x100 followed by 4 application bits (0x1000–0x100F).</summary>
    public const ushort TwoByteExtensionProfile = 0x1000;

    /// <summary>RTP version field (2 bits); <see cref="TryRead"/> only accepts 2.</summary>
    public byte Version { get; init; }

    /// <summary>P bit: the packet ends with padding octets (RFC 3550 §5.1).</summary>
    public bool HasPadding { get; init; }

    /// <summary>X bit: a header extension follows the CSRC list (RFC 3550 §5.3.1).</summary>
    public bool HasExtension { get; init; }

    /// <summary>CC field: number of 32-bit CSRC identifiers (0–15).</summary>
    public byte CsrcCount { get; init; }

    /// <summary>M bit; for H.264 (RFC 6184 §5.1) set on the last packet of an access unit.</summary>
    public bool Marker { get; init; }

    /// <summary>Payload type (7 bits, 0–127).</summary>
    public byte PayloadType { get; init; }

    /// <summary>16-bit sequence number.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>32-bit RTP timestamp (90 kHz ticks for video).</summary>
    public uint Timestamp { get; init; }

    /// <summary>Synchronization source identifier.</summary>
    public uint Ssrc { get; init; }

    /// <summary>The 16-bit "defined by profile" field of the header extension (0 when there is none).</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Byte offset of the header extension data (after its 4-byte header) in the packet.</summary>
    public int ExtensionOffset { get; init; }

    /// <summary>Length of the header extension data in bytes (a multiple of 4; 0 when there is none).</summary>
    public int ExtensionLength { get; init; }

    /// <summary>Total header length in bytes: 12 + 4×CC + (extension ? 4 + extension data : 0); also the payload offset.</summary>
    public int HeaderLength { get; init; }

    /// <summary>Payload length in bytes (packet length − header − padding).</summary>
    public int PayloadLength { get; init; }

    /// <summary>Number of padding octets at the end of the packet, including the count octet (0 when P is clear).</summary>
    public int PaddingLength { get; init; }

    /// <summary>Byte offset of the payload in the packet (equals <see cref="HeaderLength"/>).</summary>
    public int PayloadOffset => HeaderLength;

    /// <summary>
    /// Parses an RTP header (RFC 3550 §5.1, §5.3.1). Never throws: returns false when the packet is shorter than
    /// 12 bytes, the version is not 2, the CSRC list or header extension runs past the end, or the padding count is
    /// 0 or larger than what follows the header.
    /// </summary>
    /// <param name="packet">The whole RTP packet (plaintext).</param>
    /// <param name="header">The parsed header; default when false is returned.</param>
    /// <returns>True when the header is well formed.</returns>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderSize)
        {
            return false;
        }

        byte b0 = packet[0];
        byte version = (byte)(b0 >> 6);
        if (version != 2)
        {
            return false;
        }

        bool padding = (b0 & 0x20) != 0;
        bool extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int offset = FixedHeaderSize + (4 * csrcCount);
        if (offset > packet.Length)
        {
            return false;
        }

        ushort profile = 0;
        int extensionOffset = 0;
        int extensionLength = 0;
        if (extension)
        {
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2)) * 4;
            extensionOffset = offset + 4;
            offset = extensionOffset + extensionLength;
            if (offset > packet.Length)
            {
                return false;
            }
        }

        int paddingLength = 0;
        if (padding)
        {
            if (packet.Length == offset)
            {
                return false;
            }

            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - offset)
            {
                return false;
            }
        }

        header = new RtpHeader
        {
            Version = version,
            HasPadding = padding,
            HasExtension = extension,
            CsrcCount = (byte)csrcCount,
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = (byte)(packet[1] & 0x7F),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)),
            ExtensionProfile = profile,
            ExtensionOffset = extensionOffset,
            ExtensionLength = extensionLength,
            HeaderLength = offset,
            PaddingLength = paddingLength,
            PayloadLength = packet.Length - offset - paddingLength,
        };
        return true;
    }

    /// <summary>Returns CSRC number <paramref name="index"/> (0-based) from the packet this header was read from.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="CsrcCount"/>.</exception>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(FixedHeaderSize + (4 * index)));
    }

    /// <summary>
    /// Enumerates the RFC 8285 header extension elements (one-byte form 0xBEDE, §4.2, or two-byte form 0x100X,
    /// §4.3) of the packet this header was read from. Yields nothing for other profiles or no extension. Never
    /// throws on malformed elements: enumeration stops at the first truncated element.
    /// </summary>
    public RtpHeaderExtensionEnumerator GetExtensions(ReadOnlySpan<byte> packet) =>
        HasExtension && packet.Length >= ExtensionOffset + ExtensionLength
            ? new RtpHeaderExtensionEnumerator(packet.Slice(ExtensionOffset, ExtensionLength), ExtensionProfile)
            : default;

    /// <summary>Returns the payload slice of the packet this header was read from.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(HeaderLength, PayloadLength);

    /// <summary>
    /// Writes the 12-byte fixed header (RFC 3550 §5.1) with CC = 0 and returns 12.
    /// </summary>
    /// <exception cref="ArgumentException">destination is shorter than 12 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">payloadType is above 127.</exception>
    public static int WriteFixedHeader(
        Span<byte> destination, bool padding, bool extension, bool marker, byte payloadType, ushort sequenceNumber,
        uint timestamp, uint ssrc)
    {
        if (destination.Length < FixedHeaderSize)
        {
            throw new ArgumentException("Destination shorter than the 12-byte RTP header.", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (extension ? 0x10 : 0));
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ssrc);
        return FixedHeaderSize;
    }
}
