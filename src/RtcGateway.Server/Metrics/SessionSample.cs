using RtcGateway.Server.Sessions;
using RtcGateway.WebRtc.Peer;

namespace RtcGateway.Server.Metrics;

/// <summary>One live session's values at a scrape.</summary>
/// <param name="SessionId">The session id (label <c>session</c>).</param>
/// <param name="CameraId">The camera it views (label <c>camera</c>).</param>
/// <param name="Counters">Its monotonic counters.</param>
/// <param name="RoundTripTimeMs">Latest RTT from a receiver report (RFC 3550 §6.4.1 LSR/DLSR), ms; null before one.</param>
/// <param name="FractionLost">Latest fraction lost from a receiver report, 0–1; null before one.</param>
public sealed record SessionSample(string SessionId, string CameraId, SessionCounters Counters, double? RoundTripTimeMs, double? FractionLost)
{
    /// <summary>Samples <paramref name="session"/> (its peer's counters are read on the caller's thread; they may be a
    /// few packets stale).</summary>
    public static SessionSample Of(ViewerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        PeerStats stats = session.Stats;
        return new SessionSample(session.Id, session.CameraId, SessionCounters.From(stats, session.FramesDropped),
            stats.RoundTripTimeMs, stats.FractionLost);
    }
}
