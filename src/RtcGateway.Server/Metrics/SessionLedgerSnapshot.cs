namespace RtcGateway.Server.Metrics;

/// <summary>One scrape's view of the WebRTC sessions (see <see cref="SessionLedger.Snapshot"/>).</summary>
/// <param name="Live">Live sessions, one sample each.</param>
/// <param name="CameraTotals">Per camera id (case-insensitive): ended plus live sessions' counters. Cameras that never
/// had a session are absent.</param>
public sealed record SessionLedgerSnapshot(IReadOnlyList<SessionSample> Live, IReadOnlyDictionary<string, SessionCounters> CameraTotals)
{
    /// <summary>A snapshot with no session.</summary>
    public static SessionLedgerSnapshot Empty { get; } = new([], new Dictionary<string, SessionCounters>());
}
