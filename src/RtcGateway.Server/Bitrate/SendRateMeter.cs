namespace RtcGateway.Server.Bitrate;

/// <summary>
/// A session's send bitrate from periodic samples of its cumulative octet counter (RTP payload octets, RFC 3550 §6.4.1):
/// the rate between the newest sample and the newest one at least <see cref="WindowMs"/> older (so the figure covers
/// 1–2 s when sampled every 500 ms). Thread-safe: sampled by one thread, read by request threads.
/// </summary>
public sealed class SendRateMeter
{
    /// <summary>Shortest span the rate is computed over, ms.</summary>
    public const long WindowMs = 1000;

    private const int Capacity = 8;
    private readonly Lock _lock = new();
    private readonly (long AtMs, long Octets)[] _samples = new (long, long)[Capacity];
    private int _count;
    private int _next;

    /// <summary>Records the counter value <paramref name="octets"/> at <paramref name="nowMs"/> (monotonic ms).</summary>
    public void Sample(long nowMs, long octets)
    {
        lock (_lock)
        {
            _samples[_next] = (nowMs, octets);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>The send bitrate, kbit/s (rounded), or null until samples span <see cref="WindowMs"/>.</summary>
    public int? Kbps
    {
        get
        {
            lock (_lock)
            {
                if (_count < 2)
                {
                    return null;
                }

                (long newestAt, long newestOctets) = _samples[(_next - 1 + Capacity) % Capacity];
                for (int i = 2; i <= _count; i++)
                {
                    (long at, long octets) = _samples[(_next - i + Capacity) % Capacity];
                    if (newestAt - at >= WindowMs)
                    {
                        long bits = Math.Max(0, newestOctets - octets) * 8;
                        return (int)Math.Round(bits / (double)(newestAt - at)); // bits per ms = kbit/s
                    }
                }

                return null;
            }
        }
    }
}
