namespace RtcGateway.Media.Cameras;

/// <summary>
/// Immutable snapshot of a camera's runtime state, for health/REST endpoints.
/// </summary>
/// <param name="State">Lifecycle state.</param>
/// <param name="LastError">The most recent error (bus ERROR text, stall, configuration error naming the camera and cause), or null.</param>
/// <param name="EncoderFactory">GStreamer factory name of the H.264 encoder in use (e.g. <c>x264enc</c>, <c>nvv4l2h264enc</c>),
/// or null before the pipeline description was built.</param>
/// <param name="Width">Width of the encoded stream from the appsink caps, pixels (0 until the first access unit).</param>
/// <param name="Height">Height of the encoded stream, pixels (0 until the first access unit).</param>
/// <param name="Framerate">Delivered frame rate, frames/s: measured from the running times of the last 64 access units
/// (e.g. 12.5 for car-detection.mp4 at its own rate); the appsink caps rate until two have arrived; 0 when unknown.</param>
/// <param name="AccessUnitsDelivered">Access units delivered to subscribers since the camera was created (all runs).</param>
/// <param name="JpegFramesDelivered">JPEG frames delivered since the camera was created.</param>
/// <param name="Restarts">Pipeline restarts after stalls or errors since the camera was created.</param>
public sealed record CameraStatus(
    CameraState State,
    string? LastError,
    string? EncoderFactory,
    int Width,
    int Height,
    double Framerate,
    long AccessUnitsDelivered,
    long JpegFramesDelivered,
    int Restarts)
{
    /// <summary>The encoder target, kbit/s: <see cref="CameraOptions.BitrateKbps"/> until <see cref="ICamera.SetTargetBitrate"/>
    /// lowers it, never below <see cref="CameraOptions.MinBitrateKbps"/>.</summary>
    public int TargetBitrateKbps { get; init; }

    /// <summary>The bitrate the running encoder was last set to, kbit/s (follows the target within the rate limit: at most
    /// one change per 500 ms, cuts of more than 25 % at once).</summary>
    public int EncoderBitrateKbps { get; init; }

    /// <summary>Whether the picture is stepped down (<see cref="CameraOptions.DegradeBelowKbps"/>).</summary>
    public DegradationLevel Degradation { get; init; }
}
