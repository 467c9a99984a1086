namespace RtcGateway.Media.Cameras;

/// <summary>
/// What a camera gives up when its encoder target falls below <see cref="CameraOptions.DegradeBelowKbps"/> (named after
/// WebRTC's <c>RTCDegradationPreference</c>, W3C webrtc-extensions: the property that is kept).
/// </summary>
public enum DegradationPreference
{
    /// <summary>Keep the frame rate (teleoperation: motion and latency matter most); halve width and height instead.</summary>
    MaintainFramerate,

    /// <summary>Keep the resolution (inspection: detail matters most); halve the frame rate instead.</summary>
    MaintainResolution,
}
