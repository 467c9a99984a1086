using RtcGateway.Server.Sessions;
using RtcGateway.WebRtc.Peer;

namespace RtcGateway.Server.Metrics;

/// <summary>
/// The monotonic counters of one WebRTC viewer session (or a sum over sessions) that the metrics export: values only grow
/// while a session lives, so a sum of live and ended sessions never goes backwards.
/// </summary>
/// <param name="FramesSent">Access units sent (RTP frames), <see cref="PeerStats.FramesSent"/>.</param>
/// <param name="PacketsSent">SRTP packets sent, retransmissions excluded.</param>
/// <param name="OctetsSent">RTP payload octets sent (RFC 3550 §6.4.1 sender's octet count), bytes.</param>
/// <param name="NacksReceived">Generic NACK messages received (RFC 4585 §6.2.1).</param>
/// <param name="Retransmissions">Packets re-sent on NACK.</param>
/// <param name="NackMisses">NACKed packets no longer in the 1 s history.</param>
/// <param name="PliReceived">Picture loss indications received (RFC 4585 §6.3.1).</param>
/// <param name="FirReceived">Full intra requests received (RFC 5104 §4.3.1).</param>
/// <param name="FramesDropped">Frames dropped from the viewer's bounded queue (<see cref="ViewerSession.FramesDropped"/>).</param>
/// <param name="DtlsDiscardedRecords">DTLS records discarded after failing authentication (RFC 6347 §4.1.2.7).</param>
public readonly record struct SessionCounters(
    long FramesSent,
    long PacketsSent,
    long OctetsSent,
    long NacksReceived,
    long Retransmissions,
    long NackMisses,
    long PliReceived,
    long FirReceived,
    long FramesDropped,
    long DtlsDiscardedRecords)
{
    /// <summary>The counters of a peer snapshot and its session's queue drops.</summary>
    public static SessionCounters From(PeerStats stats, long framesDropped)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new(stats.FramesSent, stats.PacketsSent, stats.OctetsSent, stats.NacksReceived, stats.Retransmissions,
            stats.NackMisses, stats.PliReceived, stats.FirReceived, framesDropped, stats.DtlsDiscardedRecords);
    }

    /// <summary>Field-wise sum.</summary>
    public static SessionCounters operator +(SessionCounters a, SessionCounters b) => new(
        a.FramesSent + b.FramesSent,
        a.PacketsSent + b.PacketsSent,
        a.OctetsSent + b.OctetsSent,
        a.NacksReceived + b.NacksReceived,
        a.Retransmissions + b.Retransmissions,
        a.NackMisses + b.NackMisses,
        a.PliReceived + b.PliReceived,
        a.FirReceived + b.FirReceived,
        a.FramesDropped + b.FramesDropped,
        a.DtlsDiscardedRecords + b.DtlsDiscardedRecords);

    /// <summary>Field-wise sum (named alternative of <c>+</c>).</summary>
    public static SessionCounters Add(SessionCounters a, SessionCounters b) => a + b;
}
