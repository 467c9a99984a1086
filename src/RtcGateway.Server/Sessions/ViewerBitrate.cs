using RtcGateway.Server.Bitrate;

namespace RtcGateway.Server.Sessions;

/// <summary>
/// A viewer session's bitrate state: its bandwidth estimate (the vote in its camera's encoder target,
/// <see cref="IBitrateEstimateSource"/>), its measured send rate, and whether it is below its camera's target. Thread-safe.
/// Nothing reports an estimate until a send-side estimator is wired to <see cref="ReportEstimate"/>: until then
/// <see cref="EstimatedBitrateBps"/> stays null, the session does not vote, and its camera stays at BitrateKbps.
/// </summary>
public sealed class ViewerBitrate : IBitrateEstimateSource
{
    private readonly TimeProvider _time;
    private long _estimateBps = -1;
    private long _estimateAtMs;
    private int _belowTarget;

    /// <summary>Creates the state of one session.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <param name="cameraId">The camera it views.</param>
    /// <param name="time">The clock that stamps estimates (monotonic timestamps).</param>
    public ViewerBitrate(string sessionId, string cameraId, TimeProvider time)
    {
        SessionId = sessionId;
        CameraId = cameraId;
        _time = time;
    }

    /// <inheritdoc />
    public string SessionId { get; }

    /// <inheritdoc />
    public string CameraId { get; }

    /// <inheritdoc />
    public long? EstimatedBitrateBps
    {
        get
        {
            long v = Interlocked.Read(ref _estimateBps);
            return v < 0 ? null : v;
        }
    }

    /// <inheritdoc />
    public long EstimateUpdatedAtMs => Interlocked.Read(ref _estimateAtMs);

    /// <summary>The measured send bitrate (RTP payload, retransmissions excluded), sampled by the
    /// <see cref="BitrateController"/> every 500 ms.</summary>
    public SendRateMeter SendRate { get; } = new();

    /// <summary>True when the last decision found this session's estimate below its camera's target (it is then served
    /// by frame dropping up to the next keyframe whenever its send queue overflows).</summary>
    public bool BelowTarget
    {
        get => Volatile.Read(ref _belowTarget) != 0;
        internal set => Volatile.Write(ref _belowTarget, value ? 1 : 0);
    }

    /// <summary>
    /// Reports the path's current estimate, bits/s (≥ 0; negative values are ignored). To be called by the session's
    /// send-side estimator (e.g. GCC on transport-wide feedback) whenever it updates; stamped with the session's clock.
    /// </summary>
    /// <param name="bitsPerSecond">The estimate, bits/s.</param>
    public void ReportEstimate(long bitsPerSecond)
    {
        if (bitsPerSecond < 0)
        {
            return;
        }

        Interlocked.Exchange(ref _estimateAtMs, NowMs(_time));
        Interlocked.Exchange(ref _estimateBps, bitsPerSecond);
    }

    /// <summary>The monotonic ms clock estimates are stamped with (<see cref="TimeProvider.GetTimestamp"/> in ms).</summary>
    /// <param name="time">The clock.</param>
    public static long NowMs(TimeProvider time) =>
        (long)(time.GetTimestamp() * (1000.0 / time.TimestampFrequency));
}
