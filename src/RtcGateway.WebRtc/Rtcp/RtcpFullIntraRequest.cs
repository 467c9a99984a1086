using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 5104 §4.3.1 FIR: PT 206, FMT 4, feedback header with media source SSRC = 0, then FCI entries (8 bytes):
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              SSRC                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Seq nr.       |    Reserved                                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>One FIR FCI entry: the media sender asked to send a decoder refresh point, and the command sequence number.</summary>
/// <param name="Ssrc">SSRC of the media sender that should send an IDR.</param>
/// <param name="SequenceNumber">Command sequence number; a repeated number is a retransmitted request (RFC 5104 §4.3.1.1).</param>
public readonly record struct RtcpFirEntry(uint Ssrc, byte SequenceNumber);

/// <summary>View of a validated full intra request (RFC 5104 §4.3.1).</summary>
public readonly ref struct RtcpFullIntraRequest
{
    private readonly ReadOnlySpan<byte> _body;

    internal RtcpFullIntraRequest(ReadOnlySpan<byte> body) => _body = body;

    /// <summary>SSRC of the packet sender (the browser).</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Media source SSRC field (0 per RFC 5104; the targets are in the entries).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount => (_body.Length - 8) / 8;

    /// <summary>Entry <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="EntryCount"/>.</exception>
    public RtcpFirEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        ReadOnlySpan<byte> entry = _body.Slice(8 + (8 * index));
        return new RtcpFirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    internal static bool Validate(ReadOnlySpan<byte> body) => body.Length >= 16 && (body.Length - 8) % 8 == 0;
}
