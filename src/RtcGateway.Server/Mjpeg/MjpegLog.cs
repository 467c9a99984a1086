namespace RtcGateway.Server.Mjpeg;

/// <summary>[LoggerMessage] logs of the MJPEG and snapshot endpoints (category <c>RtcGateway.Server.Mjpeg</c>).</summary>
internal static partial class MjpegLog
{
    public const string Category = "RtcGateway.Server.Mjpeg";

    [LoggerMessage(Level = LogLevel.Information, Message = "MJPEG client {Remote} joined camera {CameraId} (fps cap {MaxFps}); {Clients} client(s)")]
    public static partial void ClientJoined(ILogger logger, string cameraId, string remote, string maxFps, int clients);

    [LoggerMessage(Level = LogLevel.Information, Message = "MJPEG client {Remote} left camera {CameraId} after {Parts} part(s) ({Reason}); {Clients} client(s)")]
    public static partial void ClientLeft(ILogger logger, string cameraId, string remote, long parts, string reason, int clients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of camera {CameraId} failed: {Reason}")]
    public static partial void SnapshotFailed(ILogger logger, string cameraId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not set SO_SNDBUF={Bytes} on an MJPEG connection: {Reason}")]
    public static partial void SendBufferNotSet(ILogger logger, int bytes, string reason);
}
