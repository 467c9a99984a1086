namespace RtcGateway.WebRtc.Peer;

/// <summary>Counters and receiver feedback of one <see cref="WebRtcPeer"/> (a snapshot; values only grow except the
/// latest-report fields).</summary>
public sealed record PeerStats
{
    /// <summary>Access units sent (frames), RFC 6184 payloads of one timestamp.</summary>
    public long FramesSent { get; init; }

    /// <summary>SRTP packets sent, retransmissions excluded.</summary>
    public long PacketsSent { get; init; }

    /// <summary>RTP payload octets sent (RFC 3550 §6.4.1 sender's octet count), retransmissions excluded.</summary>
    public long OctetsSent { get; init; }

    /// <summary>Packets recovered on generic NACK (RFC 4585 §6.2.1), whether re-sent as they were or as RTX; not in
    /// <see cref="PacketsSent"/>.</summary>
    public long Retransmissions { get; init; }

    /// <summary>Of <see cref="Retransmissions"/>, those sent as RTX packets (RFC 4588) on the RTX SSRC.</summary>
    public long RtxPacketsSent { get; init; }

    /// <summary>NACKed sequence numbers no longer in the 1 s history.</summary>
    public long NackMisses { get; init; }

    /// <summary>Generic NACK feedback messages (RFC 4585 §6.2.1) received for our SSRC; each may name several lost
    /// packets (those are <see cref="Retransmissions"/> + <see cref="NackMisses"/>).</summary>
    public long NacksReceived { get; init; }

    /// <summary>DTLS records of the connected session discarded after failing authentication or decoding (RFC 6347
    /// §4.1.2.7; <see cref="Dtls.DtlsServerSession.DiscardedRecords"/>).</summary>
    public long DtlsDiscardedRecords { get; init; }

    /// <summary>Picture loss indications received (RFC 4585 §6.3.1).</summary>
    public long PliReceived { get; init; }

    /// <summary>Full intra requests received (RFC 5104 §4.3.1).</summary>
    public long FirReceived { get; init; }

    /// <summary>RTCP datagrams that failed SRTCP authentication/replay checks or parsing (logged and dropped).</summary>
    public long RtcpDropped { get; init; }

    /// <summary>Datagrams dropped because they fit no protocol or arrived from an unvalidated address.</summary>
    public long DatagramsDropped { get; init; }

    /// <summary>Latest round-trip time from a receiver report's LSR/DLSR (RFC 3550 §6.4.1), ms; null before one.</summary>
    public double? RoundTripTimeMs { get; init; }

    /// <summary>Latest fraction lost reported by the receiver, 0–1.</summary>
    public double? FractionLost { get; init; }

    /// <summary>Latest interarrival jitter reported by the receiver, 90 kHz ticks.</summary>
    public uint? Jitter { get; init; }

    /// <summary>The negotiated SRTP protection profile (RFC 5764 §4.1.2 code), 0 before DTLS completes.</summary>
    public ushort SrtpProfile { get; init; }
}
