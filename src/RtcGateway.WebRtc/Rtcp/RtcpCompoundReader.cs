using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Iterates the packets of a decrypted RTCP datagram: compound (RFC 3550 §6.1) or reduced-size (RFC 5506 §3.4,
/// e.g. a lone PLI or NACK; no SR/RR-first rule is enforced). Allocation-free and never throws: each packet is
/// validated for its kind before it is yielded; on a malformed packet the reader stops and reports
/// <see cref="Error"/>. Packets already yielded stay valid.
/// <code>
/// var reader = new RtcpCompoundReader(datagram);
/// while (reader.TryReadNext(out RtcpPacket packet)) { switch (packet.Kind) { ... } }
/// if (reader.Error != RtcpReadError.None) { /* count it */ }
/// </code>
/// </summary>
public ref struct RtcpCompoundReader
{
    private const int HeaderSize = 4;
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Creates a reader over a plaintext RTCP datagram (SRTCP already removed).</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        Error = RtcpReadError.None;
        PacketsRead = 0;
    }

    /// <summary>Why reading stopped early; <see cref="RtcpReadError.None"/> when all packets were read.</summary>
    public RtcpReadError Error { get; private set; }

    /// <summary>Number of packets yielded so far.</summary>
    public int PacketsRead { get; private set; }

    /// <summary>Reads the next packet; false at the end of the datagram or on the first malformed packet.</summary>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (Error != RtcpReadError.None || _remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < HeaderSize)
        {
            return Fail(RtcpReadError.TruncatedHeader);
        }

        byte b0 = _remaining[0];
        if (b0 >> 6 != 2)
        {
            return Fail(RtcpReadError.UnsupportedVersion);
        }

        int length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining.Slice(2)) + 1) * 4;
        if (length > _remaining.Length)
        {
            return Fail(RtcpReadError.LengthExceedsDatagram);
        }

        ReadOnlySpan<byte> body = _remaining.Slice(HeaderSize, length - HeaderSize);
        if ((b0 & 0x20) != 0)
        {
            // RFC 3550 §6.4.1: the last octet of the padding is a count of padding octets including itself.
            int padding = body.IsEmpty ? 0 : body[^1];
            if (padding == 0 || padding > body.Length)
            {
                return Fail(RtcpReadError.InvalidPadding);
            }

            body = body.Slice(0, body.Length - padding);
        }

        byte count = (byte)(b0 & 0x1F);
        byte packetType = _remaining[1];
        RtcpReadError error = Classify(packetType, count, body, out RtcpPacketKind kind);
        if (error != RtcpReadError.None)
        {
            return Fail(error);
        }

        _remaining = _remaining.Slice(length);
        PacketsRead++;
        packet = new RtcpPacket(kind, packetType, count, body);
        return true;
    }

    private static RtcpReadError Classify(byte packetType, byte count, ReadOnlySpan<byte> body, out RtcpPacketKind kind)
    {
        kind = RtcpPacketKind.Unknown;
        switch ((RtcpPacketType)packetType)
        {
            case RtcpPacketType.SenderReport:
                kind = RtcpPacketKind.SenderReport;
                return body.Length >= RtcpSenderReport.SenderInfoSize + (count * RtcpReportBlock.Size)
                    ? RtcpReadError.None : RtcpReadError.MalformedSenderReport;
            case RtcpPacketType.ReceiverReport:
                kind = RtcpPacketKind.ReceiverReport;
                return body.Length >= 4 + (count * RtcpReportBlock.Size)
                    ? RtcpReadError.None : RtcpReadError.MalformedReceiverReport;
            case RtcpPacketType.SourceDescription:
                kind = RtcpPacketKind.SourceDescription;
                return RtcpSourceDescription.Validate(body, count)
                    ? RtcpReadError.None : RtcpReadError.MalformedSourceDescription;
            case RtcpPacketType.Goodbye:
                kind = RtcpPacketKind.Goodbye;
                return RtcpGoodbye.Validate(body, count) ? RtcpReadError.None : RtcpReadError.MalformedGoodbye;
            case RtcpPacketType.TransportLayerFeedback:
                if (body.Length < 8)
                {
                    return RtcpReadError.MalformedFeedback;
                }

                if (count == 1)
                {
                    kind = RtcpPacketKind.GenericNack;
                    return RtcpGenericNack.Validate(body) ? RtcpReadError.None : RtcpReadError.MalformedNack;
                }

                if (count == 15)
                {
                    kind = RtcpPacketKind.TransportWideFeedback;
                    return RtcpTransportFeedback.TryRead(body, out _) == RtcpTransportFeedbackError.None
                        ? RtcpReadError.None : RtcpReadError.MalformedTransportFeedback;
                }

                return RtcpReadError.None;
            case RtcpPacketType.PayloadSpecificFeedback:
                if (body.Length < 8)
                {
                    return RtcpReadError.MalformedFeedback;
                }

                switch (count)
                {
                    case 1:
                        kind = RtcpPacketKind.PictureLossIndication;
                        return RtcpReadError.None;
                    case 4:
                        kind = RtcpPacketKind.FullIntraRequest;
                        return RtcpFullIntraRequest.Validate(body) ? RtcpReadError.None : RtcpReadError.MalformedFir;
                    case 15:
                        // RFC 4585 §6.4 application layer feedback; REMB is identified by the "REMB" FCI prefix.
                        if (body.Length >= 12 && body.Slice(8, 4).SequenceEqual("REMB"u8))
                        {
                            kind = RtcpPacketKind.ReceiverEstimatedMaxBitrate;
                            return RtcpRemb.TryRead(body, out _) == RtcpRembError.None
                                ? RtcpReadError.None : RtcpReadError.MalformedRemb;
                        }

                        return RtcpReadError.None;
                    default:
                        return RtcpReadError.None;
                }

            default:
                return RtcpReadError.None;
        }
    }

    private bool Fail(RtcpReadError error)
    {
        Error = error;
        _remaining = default;
        return false;
    }
}
