using System.Buffers.Binary;
using System.Numerics;

namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// CRC-32c of an SCTP packet (RFC 9260 §6.8 and Appendix A): computed over the whole packet with the checksum field
/// (bytes 8..11) taken as zero, stored in the checksum field in little-endian byte order (the reflected CRC's natural order).
/// </summary>
internal static class SctpChecksum
{
    /// <summary>CRC-32c of <paramref name="packet"/> with bytes 8..11 treated as zero. Packet must be ≥ 12 bytes.</summary>
    public static uint Compute(ReadOnlySpan<byte> packet)
    {
        uint crc = 0xFFFFFFFFu;
        crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(packet));
        crc = BitOperations.Crc32C(crc, 0u);
        ReadOnlySpan<byte> rest = packet.Slice(12);
        while (rest.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(rest));
            rest = rest.Slice(8);
        }

        foreach (byte b in rest)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>True when the packet is ≥ 12 bytes and its stored checksum matches.</summary>
    public static bool Verify(ReadOnlySpan<byte> packet) =>
        packet.Length >= SctpCommonHeader.Size && BinaryPrimitives.ReadUInt32LittleEndian(packet.Slice(8)) == Compute(packet);

    /// <summary>Computes and stores the checksum of a fully written packet.</summary>
    public static void Write(Span<byte> packet) => BinaryPrimitives.WriteUInt32LittleEndian(packet.Slice(8), Compute(packet));
}
