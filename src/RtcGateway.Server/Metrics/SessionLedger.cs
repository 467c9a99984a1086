using System.Runtime.CompilerServices;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Metrics;

/// <summary>
/// Keeps camera-level WebRTC totals that never go backwards while sessions come and go: the counters of every ended
/// session are folded into a per-camera accumulator when it ends (<see cref="SessionManager.SessionClosed"/>), and a
/// session seen live stays counted as live until it is folded, so its contribution only ever moves from "live" to
/// "ended" with a value at least as large. Per-session samples cover live sessions only: an ended session's series stop
/// being observed. Thread-safe (one lock; taken per scrape and per session end, never on the media path).
/// </summary>
public sealed class SessionLedger : IDisposable
{
    private static readonly object Folded = new();

    private readonly Lock _gate = new();
    private readonly SessionManager _sessions;
    private readonly Func<IEnumerable<ViewerSession>> _live;
    private readonly HashSet<ViewerSession> _tracked = new(ReferenceEqualityComparer.Instance);
    private readonly ConditionalWeakTable<ViewerSession, object> _folded = new();
    private readonly Dictionary<string, SessionCounters> _ended = new(StringComparer.OrdinalIgnoreCase);
    private long _endedSessions;

    /// <summary>Creates the ledger of <paramref name="sessions"/> and starts folding ended sessions.</summary>
    public SessionLedger(SessionManager sessions)
        : this(sessions, null)
    {
    }

    /// <summary>Test seam: live sessions come from <paramref name="live"/> instead of <see cref="SessionManager.Sessions"/>
    /// (ended ones still from <see cref="SessionManager.SessionClosed"/>).</summary>
    internal SessionLedger(SessionManager sessions, Func<IEnumerable<ViewerSession>>? live)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        _sessions = sessions;
        _live = live ?? (() => sessions.Sessions);
        _sessions.SessionClosed += OnSessionClosed;
    }

    /// <summary>Sessions that ended since the ledger was created.</summary>
    public long EndedSessions => Interlocked.Read(ref _endedSessions);

    /// <summary>
    /// Samples every live session and sums, per camera id, the counters of ended sessions plus those of live ones.
    /// Allocates one sample per live session.
    /// </summary>
    public SessionLedgerSnapshot Snapshot()
    {
        lock (_gate)
        {
            foreach (ViewerSession session in _live())
            {
                if (!_folded.TryGetValue(session, out _))
                {
                    _tracked.Add(session);
                }
            }

            var live = new List<SessionSample>(_tracked.Count);
            var totals = new Dictionary<string, SessionCounters>(_ended, StringComparer.OrdinalIgnoreCase);
            foreach (ViewerSession session in _tracked)
            {
                SessionSample sample = SessionSample.Of(session);
                live.Add(sample);
                totals[session.CameraId] = totals.GetValueOrDefault(session.CameraId) + sample.Counters;
            }

            return new SessionLedgerSnapshot(live, totals);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _sessions.SessionClosed -= OnSessionClosed;

    private void OnSessionClosed(ViewerSession session, string reason)
    {
        lock (_gate)
        {
            if (_folded.TryGetValue(session, out _))
            {
                return;
            }

            // The peer is disposed and the session detached: these are its final values.
            SessionCounters final = SessionSample.Of(session).Counters;
            _folded.AddOrUpdate(session, Folded);
            _tracked.Remove(session);
            _ended[session.CameraId] = _ended.GetValueOrDefault(session.CameraId) + final;
            _endedSessions++;
        }
    }
}
