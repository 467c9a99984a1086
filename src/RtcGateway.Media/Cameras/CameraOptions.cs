using RtcGateway.Media.Configuration;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Configuration of one camera, bound from <c>Gateway:Cameras:N</c>. The ranges are DataAnnotations checked by the
/// generated <see cref="CameraOptionsValidator"/>; rules across fields or cameras are code there.
/// </summary>
public sealed class CameraOptions
{
    /// <summary>Stable identifier used in URLs (<c>/api/cameras/{Id}/…</c>); defaults to <c>cam{N}</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Human-readable name; defaults to <see cref="Id"/>.</summary>
    public string? Name { get; set; }

    /// <summary>Source URI: <c>test</c>, <c>file:PATH</c>, <c>v4l2:/dev/videoN</c>, <c>csi:N</c> or <c>rtsp://…</c>.</summary>
    public string Source { get; set; } = "test";

    /// <summary>Output width, pixels.</summary>
    [ConfigRange(16, 4096, Even = true)]
    public int Width { get; set; } = 1280;

    /// <summary>Output height, pixels.</summary>
    [ConfigRange(16, 4096, Even = true)]
    public int Height { get; set; } = 720;

    /// <summary>
    /// Output frame rate, frames per second (1..120), or 0 = keep the source's own rate (<c>file:</c>, <c>v4l2:</c> and
    /// <c>rtsp://</c> only; <c>test</c> and <c>csi:</c> need a rate). A non-zero rate converts the source with videorate
    /// (frames duplicated or dropped); 0 leaves the source's frames and timing untouched (e.g. 12.5 fps clips play at
    /// 12.5 fps) and IDRs are then forced every <see cref="KeyframeIntervalMs"/> of running time. The measured rate is in
    /// <see cref="CameraStatus.Framerate"/>.
    /// </summary>
    [ConfigRange(0, 120)]
    public int Framerate { get; set; } = 30;

    /// <summary>Target constant bitrate, kbit/s.</summary>
    [ConfigRange(50, 100_000)]
    public int BitrateKbps { get; set; } = 2500;

    /// <summary>Interval between IDR frames, ms.</summary>
    [ConfigRange(100, 60_000)]
    public int KeyframeIntervalMs { get; set; } = 1000;

    /// <summary>Minimum spacing between two forced keyframes (coalescing of <c>RequestKeyframe()</c>), ms.</summary>
    [ConfigRange(0, 60_000)]
    public int KeyframeMinSpacingMs { get; set; } = 250;

    /// <summary>JPEG branch width, pixels (MJPEG and snapshots).</summary>
    [ConfigRange(16, 4096, Even = true)]
    public int JpegWidth { get; set; } = 640;

    /// <summary>JPEG branch height, pixels.</summary>
    [ConfigRange(16, 4096, Even = true)]
    public int JpegHeight { get; set; } = 360;

    /// <summary>JPEG quality, 1–100.</summary>
    [ConfigRange(1, 100)]
    public int JpegQuality { get; set; } = 80;

    /// <summary>Keep the pipeline running with no consumer.</summary>
    public bool AlwaysOn { get; set; }

    /// <summary>How long the pipeline keeps running after the last consumer left, ms.</summary>
    [ConfigRange(0, 3_600_000)]
    public int LingerMs { get; set; } = 5000;

    /// <summary>No buffer for this long counts as a stall and restarts the pipeline, ms.</summary>
    [ConfigRange(500, 600_000)]
    public int StallTimeoutMs { get; set; } = 3000;
}
