namespace RtcGateway.WebRtc.Peer;

/// <summary>
/// "Now", as given to a Sans-IO peer by its driver: a monotonic clock for timers and the wall clock for RTCP
/// (NTP timestamps of sender reports, RTT from LSR/DLSR) and abs-send-time.
/// </summary>
/// <param name="MonotonicMs">Monotonic time, ms, from an arbitrary origin; never goes backwards.</param>
/// <param name="UnixUs">Wall clock, µs since the Unix epoch (UTC).</param>
public readonly record struct PeerTime(long MonotonicMs, long UnixUs);
