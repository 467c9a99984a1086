using System.Collections.Concurrent;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Bitrate;

/// <summary>
/// Applies <see cref="BitratePolicy"/> to one camera: decides from the camera's votes, marks each
/// <see cref="ViewerBitrate"/> below the target, keeps the decision for the API, and calls
/// <see cref="ICamera.SetTargetBitrate"/> only when the target changes (logged at Debug, old → new with the governor; the camera logs what reaches the encoder at Information). Thread-safe
/// for one caller at a time per camera (the <see cref="BitrateController"/> tick).
/// </summary>
public sealed partial class CameraTargetApplier(ILogger logger)
{
    private readonly ConcurrentDictionary<string, BitrateDecision> _decisions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last decision for a camera, or null before the first.</summary>
    /// <param name="cameraId">Camera id (case-insensitive).</param>
    public BitrateDecision? DecisionFor(string cameraId) => _decisions.TryGetValue(cameraId, out BitrateDecision? d) ? d : null;

    /// <summary>Decides and applies one camera's target.</summary>
    /// <param name="camera">The camera (its options give the bounds).</param>
    /// <param name="operatorSessionId">The camera's control lease holder, or null.</param>
    /// <param name="votes">The camera's sessions.</param>
    /// <param name="nowMs">Now, monotonic ms (<see cref="ViewerBitrate.NowMs"/>).</param>
    /// <returns>The decision.</returns>
    public BitrateDecision Apply(ICamera camera, string? operatorSessionId, IReadOnlyList<IBitrateEstimateSource> votes, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(votes);
        CameraOptions o = camera.Options;
        BitrateDecision decision = BitratePolicy.Decide(o.EffectiveMinBitrateKbps, o.BitrateKbps, operatorSessionId, votes, nowMs);
        foreach (IBitrateEstimateSource vote in votes)
        {
            if (vote is ViewerBitrate viewer)
            {
                viewer.BelowTarget = viewer.EstimatedBitrateBps is { } bps && bps < (long)decision.TargetKbps * 1000;
            }
        }

        _decisions[camera.Id] = decision;
        int old = camera.TargetBitrateKbps;
        if (decision.TargetKbps != old)
        {
            int applied = camera.SetTargetBitrate(decision.TargetKbps);
            LogTargetChanged(logger, camera.Id, old, applied, decision.Governor, decision.SessionId ?? "-", decision.ViewersBelowTarget);
        }

        return decision;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {CameraId}: encoder target {OldKbps} -> {NewKbps} kbit/s (governed by {Governor} {SessionId}; {Below} viewer(s) below it)")]
    private static partial void LogTargetChanged(ILogger logger, string cameraId, int oldKbps, int newKbps, BitrateGovernor governor, string sessionId, int below);
}
