using System.Buffers.Binary;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 3550 §6.4.1 SR body (after the common header):
// SSRC of sender (4) | NTP timestamp msw (4) | lsw (4) | RTP timestamp (4) | sender's packet count (4) |
// sender's octet count (4) | RC report blocks (24 each) | profile-specific extensions.

/// <summary>View of a validated sender report (RFC 3550 §6.4.1). Valid while the datagram span is.</summary>
public readonly ref struct RtcpSenderReport
{
    /// <summary>Size of SSRC + sender info in bytes: 24.</summary>
    public const int SenderInfoSize = 24;

    private readonly ReadOnlySpan<byte> _body;

    internal RtcpSenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportBlockCount = reportCount;
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Wall-clock time when the report was sent.</summary>
    public NtpTimestamp NtpTimestamp => NtpTimestamp.FromValue(BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(4)));

    /// <summary>RTP timestamp corresponding to <see cref="NtpTimestamp"/> (media clock units).</summary>
    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12));

    /// <summary>Total RTP data packets sent since starting transmission.</summary>
    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16));

    /// <summary>Total payload octets sent (headers and padding excluded).</summary>
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20));

    /// <summary>Number of report blocks (RC, 0–31).</summary>
    public int ReportBlockCount { get; }

    /// <summary>Report block <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="ReportBlockCount"/>.</exception>
    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportBlockCount);
        return RtcpReportBlock.Read(_body.Slice(SenderInfoSize + (index * RtcpReportBlock.Size)));
    }
}
