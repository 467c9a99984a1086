using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 9260 §3.1 SCTP common header:
//  0                   1                   2                   3
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Source Port Number        |     Destination Port Number   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Verification Tag                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Checksum                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>The 12-byte SCTP common header (RFC 9260 §3.1).</summary>
internal readonly record struct SctpCommonHeader(ushort SourcePort, ushort DestinationPort, uint VerificationTag)
{
    public const int Size = 12;

    public static bool TryRead(ReadOnlySpan<byte> packet, out SctpCommonHeader header)
    {
        if (packet.Length < Size)
        {
            header = default;
            return false;
        }

        header = new SctpCommonHeader(
            BinaryPrimitives.ReadUInt16BigEndian(packet),
            BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)));
        return true;
    }

    /// <summary>Writes the header with a zero checksum; returns <see cref="Size"/>.</summary>
    public int WriteTo(Span<byte> dst)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dst, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), VerificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), 0);
        return Size;
    }
}
