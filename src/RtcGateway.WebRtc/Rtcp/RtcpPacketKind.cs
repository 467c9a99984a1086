namespace RtcGateway.WebRtc.Rtcp;

/// <summary>What an <see cref="RtcpPacket"/> is, combining PT and, for feedback, FMT (RFC 4585 §6.1).</summary>
public enum RtcpPacketKind
{
    /// <summary>Not recognised (APP, XR, other PT or FMT values); skip it.</summary>
    Unknown,

    /// <summary>Sender report (PT 200); view with <see cref="RtcpPacket.AsSenderReport"/>.</summary>
    SenderReport,

    /// <summary>Receiver report (PT 201); view with <see cref="RtcpPacket.AsReceiverReport"/>.</summary>
    ReceiverReport,

    /// <summary>Source description (PT 202); view with <see cref="RtcpPacket.AsSourceDescription"/>.</summary>
    SourceDescription,

    /// <summary>Goodbye (PT 203); view with <see cref="RtcpPacket.AsGoodbye"/>.</summary>
    Goodbye,

    /// <summary>Generic NACK (PT 205, FMT 1, RFC 4585 §6.2.1); view with <see cref="RtcpPacket.AsGenericNack"/>.</summary>
    GenericNack,

    /// <summary>Transport-wide congestion control feedback (PT 205, FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1);
    /// view with <see cref="RtcpPacket.AsTransportFeedback"/>.</summary>
    TransportWideFeedback,

    /// <summary>Picture loss indication (PT 206, FMT 1, RFC 4585 §6.3.1); view with <see cref="RtcpPacket.AsPictureLossIndication"/>.</summary>
    PictureLossIndication,

    /// <summary>Full intra request (PT 206, FMT 4, RFC 5104 §4.3.1); view with <see cref="RtcpPacket.AsFullIntraRequest"/>.</summary>
    FullIntraRequest,

    /// <summary>Receiver estimated maximum bitrate (PT 206, FMT 15, "REMB" identifier, draft-alvestrand-rmcat-remb-03);
    /// view with <see cref="RtcpPacket.AsRemb"/>.</summary>
    ReceiverEstimatedMaxBitrate,
}
