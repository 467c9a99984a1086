using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Api;

/// <summary>
/// A camera as listed by <c>GET /api/cameras</c> and the SignalR hub (JSON, camelCase).
/// </summary>
/// <param name="Id">Camera id used in URLs.</param>
/// <param name="Name">Display name.</param>
/// <param name="Source">Source URI (RTSP credentials hidden).</param>
/// <param name="State">Idle, Starting, Streaming, Restarting or Failed.</param>
/// <param name="LastError">The last error (always set when Failed), else null.</param>
/// <param name="Width">Output width, pixels (actual when streaming, else configured).</param>
/// <param name="Height">Output height, pixels.</param>
/// <param name="Framerate">Frames per second (actual when measured, else configured).</param>
/// <param name="Encoder">The H.264 encoder element (nvv4l2h264enc, x264enc, openh264enc) once chosen, else null.</param>
/// <param name="Viewers">WebRTC viewers.</param>
/// <param name="MjpegClients">MJPEG clients.</param>
/// <param name="TargetBitrateKbps">The encoder target, kbit/s (BitrateKbps until the bitrate policy lowers it).</param>
public sealed record CameraInfo(string Id, string Name, string Source, string State, string? LastError, int Width, int Height,
    double Framerate, string? Encoder, int Viewers, int MjpegClients, int TargetBitrateKbps);
