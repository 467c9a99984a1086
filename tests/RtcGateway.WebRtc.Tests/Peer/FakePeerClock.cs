using RtcGateway.WebRtc.Peer;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>
/// Manual clock for a <see cref="WebRtcPeer"/>: monotonic ms and wall-clock Unix µs advance together only when told.
/// Shared with the benchmarks (linked source).
/// </summary>
internal sealed class FakePeerClock
{
    /// <summary>2025-06-01T12:00:00Z in Unix µs.</summary>
    public const long DefaultUnixUs = 1_748_779_200_000_000;

    public FakePeerClock(long monotonicMs = 5_000_000, long unixUs = DefaultUnixUs)
    {
        MonotonicMs = monotonicMs;
        UnixUs = unixUs;
    }

    public long MonotonicMs { get; private set; }

    public long UnixUs { get; private set; }

    public PeerTime Now => new(MonotonicMs, UnixUs);

    public void Advance(long milliseconds)
    {
        MonotonicMs += milliseconds;
        UnixUs += milliseconds * 1000;
    }

    public void AdvanceUs(long microseconds)
    {
        MonotonicMs += microseconds / 1000;
        UnixUs += microseconds;
    }
}
