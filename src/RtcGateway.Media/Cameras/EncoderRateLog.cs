using Microsoft.Extensions.Logging;

namespace RtcGateway.Media.Cameras;

/// <summary>Source-generated log messages of the encoder target (bitrate and degradation changes).</summary>
internal static partial class EncoderRateLog
{
    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Camera {CameraId}: encoder bitrate {OldKbps} -> {NewKbps} kbit/s")]
    public static partial void BitrateChanged(ILogger logger, string cameraId, int oldKbps, int newKbps);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "Camera {CameraId}: picture {OldLevel} -> {NewLevel} (target {TargetKbps} kbit/s, threshold {ThresholdKbps} kbit/s)")]
    public static partial void LevelChanged(ILogger logger, string cameraId, DegradationLevel oldLevel, DegradationLevel newLevel, int targetKbps, int thresholdKbps);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Camera {CameraId}: the encoder refused bitrate {Kbps} kbit/s (no 'bitrate' property)")]
    public static partial void BitrateRefused(ILogger logger, string cameraId, int kbps);

    [LoggerMessage(EventId = 133, Level = LogLevel.Debug, Message = "Camera {CameraId}: target {OldKbps} -> {NewKbps} kbit/s (asked {AskedKbps})")]
    public static partial void TargetChanged(ILogger logger, string cameraId, int oldKbps, int newKbps, int askedKbps);
}
