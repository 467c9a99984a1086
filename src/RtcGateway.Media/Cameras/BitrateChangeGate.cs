namespace RtcGateway.Media.Cameras;

/// <summary>
/// Rate-limits changes of an encoder's bitrate: a wanted value is applied at most once per <see cref="MinIntervalMs"/>,
/// except a cut of more than <see cref="UrgentCutFraction"/> below the applied value, which is applied at once (a
/// congested path must be relieved now; raising is never urgent). Changes smaller than <see cref="DeadBandFraction"/> of
/// the applied value are not applied (an estimate that wobbles by a few kbit/s would otherwise reconfigure the encoder
/// every interval). Times are monotonic ms supplied by the caller. Not thread-safe (the owner locks).
/// </summary>
internal sealed class BitrateChangeGate
{
    /// <summary>Minimum spacing of two applied changes, ms.</summary>
    public const long MinIntervalMs = 500;

    /// <summary>A cut below (1 − this) × applied skips the spacing.</summary>
    public const double UrgentCutFraction = 0.25;

    /// <summary>Relative changes below this are ignored.</summary>
    public const double DeadBandFraction = 0.02;

    private long _lastChangeMs = long.MinValue / 2;

    /// <summary>The value the encoder runs with, kbit/s.</summary>
    public int AppliedKbps { get; private set; }

    /// <summary>Starts over with <paramref name="appliedKbps"/> in force (a new pipeline was built with it); the next
    /// different wanted value is applied without waiting.</summary>
    public void Reset(int appliedKbps)
    {
        AppliedKbps = appliedKbps;
        _lastChangeMs = long.MinValue / 2;
    }

    /// <summary>
    /// Decides whether <paramref name="wantedKbps"/> is applied now; when true the caller sets the encoder and the value
    /// becomes <see cref="AppliedKbps"/>. False: equal within the dead band, or too soon after the previous change (ask
    /// again later; nothing is lost).
    /// </summary>
    public bool TryChange(int wantedKbps, long nowMs)
    {
        int applied = AppliedKbps;
        if (Math.Abs(wantedKbps - applied) <= applied * DeadBandFraction)
        {
            return false;
        }

        bool urgent = wantedKbps < applied * (1 - UrgentCutFraction);
        if (!urgent && nowMs - _lastChangeMs < MinIntervalMs)
        {
            return false;
        }

        AppliedKbps = wantedKbps;
        _lastChangeMs = nowMs;
        return true;
    }
}
