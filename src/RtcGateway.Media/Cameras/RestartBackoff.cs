namespace RtcGateway.Media.Cameras;

/// <summary>
/// Restart delay after a stall or pipeline error: 0.5 s, doubling up to 30 s; back to 0.5 s after a run that streamed
/// for at least <see cref="StableAfter"/>. Not thread-safe (used by the camera worker only).
/// </summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    private TimeSpan _next = Initial;

    /// <summary>The delay before the next restart, given how long the failed run streamed; advances the sequence.</summary>
    public TimeSpan Next(TimeSpan streamedFor)
    {
        if (streamedFor >= StableAfter)
        {
            _next = Initial;
        }

        TimeSpan delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Max.Ticks));
        return delay;
    }
}
