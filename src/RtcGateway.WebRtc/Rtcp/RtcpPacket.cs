using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 3550 §6.4.1 common header:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|    RC   |      PT       |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// length = packet length in 32-bit words minus one (header included). RC is SC for SDES/BYE and FMT for
// feedback (RFC 4585 §6.1).

/// <summary>
/// One RTCP packet of a compound (RFC 3550 §6.1) or reduced-size (RFC 5506) datagram, as yielded by
/// <see cref="RtcpCompoundReader"/>: already validated for its <see cref="Kind"/>, so the typed views never read
/// out of bounds. Valid while the datagram span is.
/// </summary>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(RtcpPacketKind kind, byte packetType, byte count, ReadOnlySpan<byte> body)
    {
        Kind = kind;
        PacketType = packetType;
        Count = count;
        Body = body;
    }

    /// <summary>Recognised kind.</summary>
    public RtcpPacketKind Kind { get; }

    /// <summary>PT field (see <see cref="RtcpPacketType"/>).</summary>
    public byte PacketType { get; }

    /// <summary>The 5-bit RC / SC / FMT field.</summary>
    public byte Count { get; }

    /// <summary>Packet body after the 4-byte common header, padding removed.</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>For feedback packets (PT 205/206, body ≥ 8 bytes): SSRC of the packet sender; otherwise 0.</summary>
    public uint FeedbackSenderSsrc => IsFeedback ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>For feedback packets (PT 205/206, body ≥ 8 bytes): SSRC of the media source; otherwise 0.</summary>
    public uint FeedbackMediaSsrc => IsFeedback ? BinaryPrimitives.ReadUInt32BigEndian(Body.Slice(4)) : 0;

    private bool IsFeedback =>
        PacketType is (byte)RtcpPacketType.TransportLayerFeedback or (byte)RtcpPacketType.PayloadSpecificFeedback
        && Body.Length >= 8;

    /// <summary>Sender report view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.SenderReport"/>.</exception>
    public RtcpSenderReport AsSenderReport() => new(Check(RtcpPacketKind.SenderReport), Count);

    /// <summary>Receiver report view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.ReceiverReport"/>.</exception>
    public RtcpReceiverReport AsReceiverReport() => new(Check(RtcpPacketKind.ReceiverReport), Count);

    /// <summary>SDES view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.SourceDescription"/>.</exception>
    public RtcpSourceDescription AsSourceDescription() => new(Check(RtcpPacketKind.SourceDescription), Count);

    /// <summary>BYE view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.Goodbye"/>.</exception>
    public RtcpGoodbye AsGoodbye() => new(Check(RtcpPacketKind.Goodbye), Count);

    /// <summary>Generic NACK view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.GenericNack"/>.</exception>
    public RtcpGenericNack AsGenericNack() => new(Check(RtcpPacketKind.GenericNack));

    /// <summary>PLI view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.PictureLossIndication"/>.</exception>
    public RtcpPictureLossIndication AsPictureLossIndication() => new(Check(RtcpPacketKind.PictureLossIndication));

    /// <summary>FIR view.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.FullIntraRequest"/>.</exception>
    public RtcpFullIntraRequest AsFullIntraRequest() => new(Check(RtcpPacketKind.FullIntraRequest));

    /// <summary>Transport-wide feedback view (validated by the reader, so this cannot fail).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.TransportWideFeedback"/>.</exception>
    public RtcpTransportFeedback AsTransportFeedback()
    {
        RtcpTransportFeedback.TryRead(Check(RtcpPacketKind.TransportWideFeedback), out RtcpTransportFeedback feedback);
        return feedback;
    }

    /// <summary>REMB view (validated by the reader, so this cannot fail).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Kind"/> is not <see cref="RtcpPacketKind.ReceiverEstimatedMaxBitrate"/>.</exception>
    public RtcpRemb AsRemb()
    {
        RtcpRemb.TryRead(Check(RtcpPacketKind.ReceiverEstimatedMaxBitrate), out RtcpRemb remb);
        return remb;
    }

    private ReadOnlySpan<byte> Check(RtcpPacketKind expected) =>
        Kind == expected ? Body : throw new InvalidOperationException($"RTCP packet is {Kind}, not {expected}.");
}
