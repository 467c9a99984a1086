namespace RtcGateway.Server.Bitrate;

/// <summary>
/// One viewer session's vote in its camera's encoder target: the send-side bandwidth estimate of its path (e.g. from a
/// GCC estimator fed by transport-wide feedback, draft-ietf-rmcat-gcc-02). A session without an estimate yet
/// (<see cref="EstimatedBitrateBps"/> null) does not vote.
/// </summary>
public interface IBitrateEstimateSource
{
    /// <summary>The session id.</summary>
    string SessionId { get; }

    /// <summary>The camera the session views.</summary>
    string CameraId { get; }

    /// <summary>The latest estimate, bits/s, or null before the first one.</summary>
    long? EstimatedBitrateBps { get; }

    /// <summary>When <see cref="EstimatedBitrateBps"/> was reported, ms on the gateway's monotonic clock
    /// (<see cref="TimeProvider.GetTimestamp"/> converted to ms); meaningless while the estimate is null.</summary>
    long EstimateUpdatedAtMs { get; }
}
