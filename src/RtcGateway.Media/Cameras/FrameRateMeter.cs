namespace RtcGateway.Media.Cameras;

/// <summary>
/// Measures the delivered frame rate from the running times (PTS, ns) of the last <see cref="Window"/> access units:
/// (n − 1) / (newest − oldest). Running time is the capture timing of live sources and the paced timeline of files, so
/// the result is the rate viewers receive (12.5 for car-detection.mp4 played at its own rate), independent of caps that
/// may say 0/1 (variable) or nothing. Timestamps that do not increase are ignored. Single-threaded, allocation-free after
/// construction.
/// </summary>
internal sealed class FrameRateMeter
{
    /// <summary>Access units in the measuring window.</summary>
    public const int Window = 64;

    private readonly long[] _pts = new long[Window];
    private int _count;
    private int _next;

    /// <summary>Frames per second over the window; 0 until two increasing timestamps were seen.</summary>
    public double FramesPerSecond
    {
        get
        {
            if (_count < 2)
            {
                return 0;
            }

            long newest = _pts[(_next + Window - 1) % Window];
            long oldest = _pts[_count < Window ? 0 : _next];
            return newest > oldest ? (_count - 1) * 1e9 / (newest - oldest) : 0;
        }
    }

    /// <summary>Adds one access unit's running time, ns.</summary>
    /// <param name="ptsNs">Running time, ns.</param>
    public void Add(long ptsNs)
    {
        if (_count > 0 && ptsNs <= _pts[(_next + Window - 1) % Window])
        {
            return;
        }

        _pts[_next] = ptsNs;
        _next = (_next + 1) % Window;
        if (_count < Window)
        {
            _count++;
        }
    }
}
