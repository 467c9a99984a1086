namespace RtcGateway.Media.Cameras;

/// <summary>
/// Maps pipeline running time to wall-clock capture time. A buffer's clock time is base_time + running_time
/// (GStreamer design doc "synchronisation"); sampling the pipeline clock and the wall clock at the same moment gives
/// wall(base_time) = wallNow − (clockNow − base_time), so capture = wall(base_time) + running_time.
/// </summary>
internal readonly record struct CaptureClock(long WallAtBaseTimeUs)
{
    /// <summary>Builds the mapping from one simultaneous sample of the pipeline clock (ns) and the wall clock.</summary>
    public static CaptureClock FromSample(ulong baseTimeNs, ulong clockNowNs, DateTimeOffset wallNow)
    {
        long wallNowUs = (wallNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        long sinceBaseUs = (long)(clockNowNs - baseTimeNs) / 1000;
        return new CaptureClock(wallNowUs - sinceBaseUs);
    }

    /// <summary>Capture time of a buffer with running time <paramref name="runningTimeNs"/>, µs since the Unix epoch.</summary>
    public long ToCaptureTimeUs(ulong runningTimeNs) => WallAtBaseTimeUs + (long)(runningTimeNs / 1000);
}
