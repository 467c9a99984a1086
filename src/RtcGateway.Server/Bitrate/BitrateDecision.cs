namespace RtcGateway.Server.Bitrate;

/// <summary>A camera's encoder target as <see cref="BitratePolicy.Decide"/> chose it.</summary>
/// <param name="TargetKbps">The target, kbit/s, within the camera's MinBitrateKbps..BitrateKbps.</param>
/// <param name="Governor">Whose estimate set it.</param>
/// <param name="SessionId">The governing session, or null for <see cref="BitrateGovernor.Configured"/>.</param>
/// <param name="ViewersBelowTarget">Voting sessions whose estimate is below the target: they cannot carry the stream and
/// are served by dropping frames up to the next keyframe when their send queue overflows.</param>
public sealed record BitrateDecision(int TargetKbps, BitrateGovernor Governor, string? SessionId, int ViewersBelowTarget);
