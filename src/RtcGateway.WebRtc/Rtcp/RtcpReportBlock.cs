using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 3550 §6.4.1 report block (24 bytes):
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                 SSRC_1 (SSRC of first source)                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | fraction lost |       cumulative number of packets lost       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           extended highest sequence number received           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      interarrival jitter                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         last SR (LSR)                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   delay since last SR (DLSR)                  |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// <summary>One reception report block (RFC 3550 §6.4.1), as carried in SR and RR packets.</summary>
/// <param name="Ssrc">Source the block reports on.</param>
/// <param name="FractionLost">Fraction lost since the previous report, fixed point /256.</param>
/// <param name="CumulativeLost">Cumulative packets lost (signed 24-bit; may be negative with duplicates).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles (high 16 bits) and highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units (90 kHz ticks for video).</param>
/// <param name="LastSenderReport">LSR: middle 32 bits of the last SR's NTP timestamp (0 = no SR yet).</param>
/// <param name="DelaySinceLastSenderReport">DLSR in units of 1/65,536 s.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequenceNumber, uint Jitter,
    uint LastSenderReport, uint DelaySinceLastSenderReport)
{
    /// <summary>Size of a report block in bytes: 24.</summary>
    public const int Size = 24;

    /// <summary>Reads a block from the first 24 bytes (callers validate the length).</summary>
    internal static RtcpReportBlock Read(ReadOnlySpan<byte> data)
    {
        int lost = (data[5] << 16) | (data[6] << 8) | data[7];
        if ((lost & 0x80_0000) != 0)
        {
            lost |= unchecked((int)0xFF00_0000);
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(20)));
    }

    /// <summary>Writes the 24-byte block; <see cref="CumulativeLost"/> is clamped to the signed 24-bit range.</summary>
    /// <exception cref="ArgumentException">destination is shorter than 24 bytes.</exception>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("Destination shorter than a report block.", nameof(destination));
        }

        int lost = Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
        return Size;
    }
}
