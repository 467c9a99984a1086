using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Writes the gateway's periodic compound RTCP packet (RFC 3550 §6.1): an SR (§6.4.1, optionally with report
/// blocks) followed by an SDES with one CNAME item (§6.5.1). Caller-provided span, no allocation.
/// </summary>
public static class RtcpSenderReportWriter
{
    /// <summary>Maximum report blocks in one SR (5-bit RC): 31.</summary>
    public const int MaxReportBlocks = 31;

    /// <summary>Maximum CNAME length in bytes: 255.</summary>
    public const int MaxCnameLength = 255;

    /// <summary>Size in bytes of the SR alone: 4 + 24 + 24 × blocks.</summary>
    public static int GetSenderReportSize(int reportBlockCount) =>
        4 + RtcpSenderReport.SenderInfoSize + (reportBlockCount * RtcpReportBlock.Size);

    /// <summary>Size in bytes of an SDES with one chunk holding one CNAME item: 8 + round4(2 + cname + 1).</summary>
    public static int GetSdesSize(int cnameLength) => 8 + ((2 + cnameLength + 4) & ~3);

    /// <summary>Size in bytes of the SR + SDES compound packet.</summary>
    public static int GetSize(int reportBlockCount, int cnameLength) =>
        GetSenderReportSize(reportBlockCount) + GetSdesSize(cnameLength);

    /// <summary>Writes SR + SDES(CNAME) and returns the length written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">more than 31 blocks or a CNAME longer than 255 bytes.</exception>
    /// <exception cref="ArgumentException">destination is shorter than <see cref="GetSize"/>.</exception>
    public static int WriteTo(
        Span<byte> destination, in RtcpSenderInfo info, ReadOnlySpan<RtcpReportBlock> reportBlocks,
        ReadOnlySpan<byte> cname)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cname.Length, MaxCnameLength, nameof(cname));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reportBlocks.Length, MaxReportBlocks, nameof(reportBlocks));
        if (destination.Length < GetSize(reportBlocks.Length, cname.Length))
        {
            throw new ArgumentException("Destination too small for SR + SDES.", nameof(destination));
        }

        int written = WriteSenderReport(destination, info, reportBlocks);
        return written + WriteSdesCname(destination.Slice(written), info.Ssrc, cname);
    }

    /// <summary>Writes an SR only (RFC 3550 §6.4.1) and returns its length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">more than 31 blocks.</exception>
    /// <exception cref="ArgumentException">destination is too small.</exception>
    public static int WriteSenderReport(Span<byte> destination, in RtcpSenderInfo info, ReadOnlySpan<RtcpReportBlock> reportBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reportBlocks.Length, MaxReportBlocks, nameof(reportBlocks));
        int size = GetSenderReportSize(reportBlocks.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the SR.", nameof(destination));
        }

        WriteHeader(destination, reportBlocks.Length, (byte)RtcpPacketType.SenderReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), info.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), info.NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), info.OctetCount);
        int offset = 28;
        foreach (RtcpReportBlock block in reportBlocks)
        {
            offset += block.WriteTo(destination.Slice(offset));
        }

        return size;
    }

    /// <summary>Writes an SDES with one chunk (SSRC + CNAME item + END, null-padded to 32 bits) and returns its length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">CNAME longer than 255 bytes.</exception>
    /// <exception cref="ArgumentException">destination is too small.</exception>
    public static int WriteSdesCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cname.Length, MaxCnameLength, nameof(cname));
        int size = GetSdesSize(cname.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the SDES.", nameof(destination));
        }

        WriteHeader(destination, 1, (byte)RtcpPacketType.SourceDescription, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = RtcpSourceDescription.CnameItemType;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + cname.Length, size - 10 - cname.Length).Clear();
        return size;
    }

    internal static void WriteHeader(Span<byte> destination, int count, byte packetType, int size)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((size / 4) - 1));
    }
}
