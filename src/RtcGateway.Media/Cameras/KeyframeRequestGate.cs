namespace RtcGateway.Media.Cameras;

/// <summary>
/// Coalesces keyframe requests (PLI/FIR/joins): at most one force-key-unit in flight until an IDR arrives (or
/// <c>inFlightTimeoutMs</c> passes), at least <c>minSpacingMs</c> between two sent requests; a request inside the
/// spacing is remembered and released by <see cref="PollDeferred"/>. Times are monotonic ms. Thread-safe.
/// </summary>
internal sealed class KeyframeRequestGate
{
    private readonly long _minSpacingMs;
    private readonly long _inFlightTimeoutMs;
    private readonly Lock _lock = new();
    private long _lastSentMs = long.MinValue / 2;
    private bool _inFlight;
    private bool _deferred;

    public KeyframeRequestGate(long minSpacingMs, long inFlightTimeoutMs = 1000)
    {
        _minSpacingMs = Math.Max(0, minSpacingMs);
        _inFlightTimeoutMs = Math.Max(1, inFlightTimeoutMs);
    }

    /// <summary>Number of requests that were sent (returned true).</summary>
    public int SentCount { get; private set; }

    /// <summary>A keyframe was requested at <paramref name="nowMs"/>; true when the caller must send the event now.</summary>
    public bool OnRequest(long nowMs)
    {
        lock (_lock)
        {
            if (_inFlight && nowMs - _lastSentMs < _inFlightTimeoutMs)
            {
                return false; // the IDR on its way satisfies this request too
            }

            _inFlight = false;
            if (nowMs - _lastSentMs < _minSpacingMs)
            {
                _deferred = true;
                return false;
            }

            return Send(nowMs);
        }
    }

    /// <summary>Called periodically; true when a deferred request is now due and must be sent.</summary>
    public bool PollDeferred(long nowMs)
    {
        lock (_lock)
        {
            if (_inFlight && nowMs - _lastSentMs >= _inFlightTimeoutMs)
            {
                _inFlight = false;
            }

            if (!_deferred || _inFlight || nowMs - _lastSentMs < _minSpacingMs)
            {
                return false;
            }

            return Send(nowMs);
        }
    }

    /// <summary>An IDR access unit was delivered: the in-flight request (if any) is satisfied, and so is a deferred one.
    /// Returns whether a sent request was in flight (the IDR is then counted as forced).</summary>
    public bool OnKeyframe()
    {
        lock (_lock)
        {
            bool forced = _inFlight;
            _inFlight = false;
            _deferred = false;
            return forced;
        }
    }

    /// <summary>Forgets all state (new pipeline run).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _inFlight = false;
            _deferred = false;
            _lastSentMs = long.MinValue / 2;
        }
    }

    private bool Send(long nowMs)
    {
        _lastSentMs = nowMs;
        _inFlight = true;
        _deferred = false;
        SentCount++;
        return true;
    }
}
