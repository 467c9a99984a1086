using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 4585 §6.3.1 PLI: PT 206, FMT 1, feedback header (sender SSRC, media SSRC), no FCI.

/// <summary>View of a validated picture loss indication (RFC 4585 §6.3.1): ask the encoder for a keyframe.</summary>
public readonly ref struct RtcpPictureLossIndication
{
    private readonly ReadOnlySpan<byte> _body;

    internal RtcpPictureLossIndication(ReadOnlySpan<byte> body) => _body = body;

    /// <summary>SSRC of the packet sender (the browser).</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of the media source that lost a picture (our video SSRC).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));
}
