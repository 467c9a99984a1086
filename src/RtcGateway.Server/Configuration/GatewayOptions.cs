using Microsoft.Extensions.Options;
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

    /// <summary>Cameras, <c>Gateway:Cameras:N</c>. Validated per camera by <see cref="CameraOptionsValidator"/> when the
    /// cameras are created (a bad camera fails alone), not at start like the other sections.</summary>
#pragma warning disable SYSLIB1213 // deliberately no [ValidateEnumeratedItems]: a bad camera must not stop the gateway
    public List<CameraOptions> Cameras { get; set; } = new();
#pragma warning restore SYSLIB1213

    /// <summary>WebRTC transport, <c>Gateway:WebRtc</c>.</summary>
    [ValidateObjectMembers]
    public WebRtcOptions WebRtc { get; set; } = new();

    /// <summary>Teleoperation control, <c>Gateway:Control</c>.</summary>
    [ValidateObjectMembers]
    public Control.ControlOptions Control { get; set; } = new();
}
