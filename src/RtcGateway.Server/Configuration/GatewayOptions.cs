using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Configuration;

/// <summary>
/// The <c>Gateway</c> configuration section (appsettings.json, environment <c>Gateway__…</c>, or command line
/// <c>--Gateway:Cameras:0:Source=file:/path.mp4</c>).
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Gateway";

    /// <summary>Cameras, <c>Gateway:Cameras:N</c>.</summary>
    public List<CameraOptions> Cameras { get; set; } = new();

    /// <summary>WebRTC transport, <c>Gateway:WebRtc</c>.</summary>
    public WebRtcOptions WebRtc { get; set; } = new();

    /// <summary>Teleoperation control, <c>Gateway:Control</c>.</summary>
    public Control.ControlOptions Control { get; set; } = new();
}
