namespace RtcGateway.Media.Cameras;

/// <summary>Lifecycle state of a camera's GStreamer pipeline.</summary>
public enum CameraState
{
    /// <summary>No pipeline: no consumer (and not AlwaysOn), or stopped after the linger time.</summary>
    Idle,

    /// <summary>The pipeline is being built and set to PLAYING; no access unit delivered yet in this run.</summary>
    Starting,

    /// <summary>Access units are flowing.</summary>
    Streaming,

    /// <summary>The previous run stalled or failed; waiting for the backoff (0.5 s doubling to 30 s) or the first access unit
    /// of the new run.</summary>
    Restarting,

    /// <summary>Configuration error (bad source URI, missing element or file, impossible caps): the camera stays down;
    /// <see cref="CameraStatus.LastError"/> names the cause.</summary>
    Failed,
}
