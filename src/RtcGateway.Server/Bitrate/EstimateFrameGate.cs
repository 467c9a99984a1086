namespace RtcGateway.Server.Bitrate;

/// <summary>
/// Serves a viewer whose bandwidth estimate is below its camera's encoder target by dropping whole frames: a token
/// bucket filled at the estimate (bits/s) with room for <see cref="BurstMs"/> of it. A non-key frame passes only when the
/// bucket holds all its bits; a keyframe passes whenever the bucket is not in debt (and may take it into debt, so the
/// viewer always gets keyframes, at worst one per debt repaid). The caller drops a refused frame and the rest up to the
/// next keyframe (a P frame cannot be decoded without its predecessors). Times are monotonic ms supplied by the caller.
/// Single-threaded (the camera's worker thread calls it for one session).
/// </summary>
public sealed class EstimateFrameGate
{
    /// <summary>Bucket size as time at the estimate, ms.</summary>
    public const long BurstMs = 500;

    // Millibits (bits/s × ms), so refills are exact integers.
    private long _tokens;
    private long _lastMs;
    private bool _started;

    /// <summary>Decides whether a frame fits the estimate now; when true its bits are spent.</summary>
    /// <param name="frameBytes">The frame's payload size, bytes.</param>
    /// <param name="isKeyframe">Whether it is an IDR access unit.</param>
    /// <param name="estimateBps">The viewer's estimate, bits/s (clamped to 0..10^12).</param>
    /// <param name="nowMs">Now, monotonic ms (earlier than a previous call: no refill).</param>
    public bool Admit(int frameBytes, bool isKeyframe, long estimateBps, long nowMs)
    {
        long rate = Math.Clamp(estimateBps, 0, 1_000_000_000_000);
        long capacity = rate * BurstMs;
        if (!_started)
        {
            _started = true;
            _tokens = capacity;
            _lastMs = nowMs;
        }
        else if (nowMs > _lastMs)
        {
            long elapsed = Math.Min(nowMs - _lastMs, BurstMs * 1000);
            _tokens = Math.Min(capacity, _tokens + rate * elapsed);
            _lastMs = nowMs;
        }

        long cost = Math.Max(0, frameBytes) * 8L * 1000;
        if (isKeyframe ? _tokens < 0 : _tokens < cost)
        {
            return false;
        }

        _tokens -= cost;
        return true;
    }
}
