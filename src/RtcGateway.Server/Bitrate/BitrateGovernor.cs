namespace RtcGateway.Server.Bitrate;

/// <summary>Who set a camera's encoder target (<see cref="BitrateDecision.Governor"/>).</summary>
public enum BitrateGovernor
{
    /// <summary>No session has a (fresh) estimate: the configured maximum, <c>Gateway:Cameras:N:BitrateKbps</c>.</summary>
    Configured,

    /// <summary>The session holding the camera's control lease (the operator).</summary>
    Operator,

    /// <summary>The viewer with the lowest estimate (no operator with an estimate).</summary>
    LowestViewer,
}
