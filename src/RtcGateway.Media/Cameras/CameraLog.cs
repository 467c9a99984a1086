using Microsoft.Extensions.Logging;

namespace RtcGateway.Media.Cameras;

/// <summary>Source-generated log messages of the camera runtime.</summary>
internal static partial class CameraLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Camera {CameraId}: state {OldState} -> {NewState}")]
    public static partial void StateChanged(ILogger logger, string cameraId, CameraState oldState, CameraState newState);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Camera {CameraId}: starting pipeline with {Encoder} ({Reason}): {Launch}")]
    public static partial void Starting(ILogger logger, string cameraId, string encoder, string reason, string launch);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Camera {CameraId}: GStreamer WARNING from {Source}: {Text} ({Debug})")]
    public static partial void BusWarning(ILogger logger, string cameraId, string source, string text, string? debug);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Camera {CameraId}: GStreamer ERROR from {Source}: {Text} ({Debug})")]
    public static partial void BusError(ILogger logger, string cameraId, string source, string text, string? debug);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Camera {CameraId}: EOS from {Source}")]
    public static partial void BusEos(ILogger logger, string cameraId, string source);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Camera {CameraId}: {Element} state {OldState} -> {NewState}")]
    public static partial void ElementStateChanged(ILogger logger, string cameraId, string element, string oldState, string newState);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Camera {CameraId}: no access unit for {StallMs} ms, restarting")]
    public static partial void Stalled(ILogger logger, string cameraId, long stallMs);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Camera {CameraId}: restart #{Restart} in {DelayMs} ms after: {Cause}")]
    public static partial void RestartScheduled(ILogger logger, string cameraId, int restart, long delayMs, string cause);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "Camera {CameraId}: configuration error, camera failed: {Cause}")]
    public static partial void ConfigurationFailed(ILogger logger, string cameraId, string cause);

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Camera {CameraId}: a {Kind} subscriber threw; it stays subscribed")]
    public static partial void SubscriberThrew(ILogger logger, string cameraId, string kind, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Camera {CameraId}: keyframe requested (force-key-unit event with all headers; plus force-IDR on nvv4l2h264enc)")]
    public static partial void KeyframeRequested(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 115, Level = LogLevel.Debug, Message = "Camera {CameraId}: keyframe request coalesced (one in flight, or deferred by the minimum spacing)")]
    public static partial void KeyframeRequestCoalesced(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 111, Level = LogLevel.Debug, Message = "Camera {CameraId}: segment done, looping file source")]
    public static partial void SegmentLoop(ILogger logger, string cameraId);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Camera {CameraId}: EOS not reached in {WaitMs} ms at shutdown; forcing NULL")]
    public static partial void EosTimeout(ILogger logger, string cameraId, long waitMs);

    [LoggerMessage(EventId = 113, Level = LogLevel.Error, Message = "Camera {CameraId}: worker failed unexpectedly")]
    public static partial void WorkerCrashed(ILogger logger, string cameraId, Exception exception);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Camera {CameraId}: streaming {Width}x{Height} @ {Framerate} fps")]
    public static partial void Streaming(ILogger logger, string cameraId, int width, int height, double framerate);
}
