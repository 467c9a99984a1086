using RtcGateway.Server.Sessions;
using RtcGateway.WebRtc.Peer;

namespace RtcGateway.Server.Api;

/// <summary>
/// One WebRTC viewer session as listed by <c>GET /api/sessions</c> and <c>GET /api/cameras/{id}/sessions</c> (JSON,
/// camelCase). Counters are totals since the session started; the rates and latest-report fields are null until known.
/// </summary>
/// <param name="Id">Session id.</param>
/// <param name="Camera">Camera id.</param>
/// <param name="Connected">ICE and DTLS-SRTP completed.</param>
/// <param name="EstimatedBitrateKbps">The session's bandwidth estimate, kbit/s; null until an estimator reports one
/// (<see cref="ViewerBitrate.ReportEstimate"/>).</param>
/// <param name="SendBitrateKbps">Measured send rate, kbit/s: RTP payload octets sent (RFC 3550 §6.4.1, retransmissions
/// excluded) over the last 1–2 s; null until two samples 1 s apart exist.</param>
/// <param name="RttMs">Round-trip time from the latest receiver report (RFC 3550 §6.4.1 LSR/DLSR), ms; null before one.</param>
/// <param name="FractionLost">Fraction lost in the latest receiver report, 0–1; null before one.</param>
/// <param name="Nacks">NACKed packets received (RFC 4585 §6.2.1): resent plus those no longer in the history.</param>
/// <param name="Retransmits">Packets resent on NACK.</param>
/// <param name="Plis">Picture loss indications received (RFC 4585 §6.3.1).</param>
/// <param name="Firs">Full intra requests received (RFC 5104 §4.3.1).</param>
/// <param name="FramesDropped">Frames not sent to this viewer because its bounded send queue overflowed (the frame that
/// overflowed and every frame skipped after it up to the next keyframe).</param>
/// <param name="FramesDroppedReason">Why frames were dropped, or null while none were.</param>
/// <param name="BelowTarget">The session's estimate is below its camera's encoder target (it is served by dropping frames).</param>
public sealed record SessionStats(string Id, string Camera, bool Connected, int? EstimatedBitrateKbps, int? SendBitrateKbps,
    double? RttMs, double? FractionLost, long Nacks, long Retransmits, long Plis, long Firs, long FramesDropped,
    string? FramesDroppedReason, bool BelowTarget)
{
    /// <summary>Snapshots a session.</summary>
    /// <param name="session">The session.</param>
    public static SessionStats From(ViewerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        PeerStats p = session.Stats;
        ViewerBitrate b = session.Bitrate;
        return new SessionStats(session.Id, session.CameraId, session.IsConnected,
            b.EstimatedBitrateBps is { } bps ? (int)Math.Min(int.MaxValue, (bps + 500) / 1000) : null,
            b.SendRate.Kbps,
            p.RoundTripTimeMs is { } rtt ? Math.Round(rtt, 1) : null,
            p.FractionLost is { } lost ? Math.Round(lost, 4) : null,
            p.Retransmissions + p.NackMisses, p.Retransmissions, p.PliReceived, p.FirReceived,
            session.FramesDropped, session.FramesDroppedReason, b.BelowTarget);
    }
}
