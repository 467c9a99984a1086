namespace RtcGateway.Media.Cameras;

/// <summary>The camera list bound from the <c>Gateway</c> configuration section (<c>Gateway:Cameras:N:…</c>).</summary>
public sealed class GatewayCameraOptions
{
    /// <summary>The configured cameras in order; index N is <c>Gateway:Cameras:N</c>.</summary>
    public List<CameraOptions> Cameras { get; set; } = [];
}
