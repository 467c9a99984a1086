using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 3550 §6.4.2 RR body: SSRC of packet sender (4) | RC report blocks (24 each) | profile-specific extensions.

/// <summary>View of a validated receiver report (RFC 3550 §6.4.2). Valid while the datagram span is.</summary>
public readonly ref struct RtcpReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;

    internal RtcpReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportBlockCount = reportCount;
    }

    /// <summary>SSRC of the packet sender (the browser's receiver SSRC).</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Number of report blocks (RC, 0–31).</summary>
    public int ReportBlockCount { get; }

    /// <summary>Report block <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="ReportBlockCount"/>.</exception>
    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportBlockCount);
        return RtcpReportBlock.Read(_body.Slice(4 + (index * RtcpReportBlock.Size)));
    }
}
