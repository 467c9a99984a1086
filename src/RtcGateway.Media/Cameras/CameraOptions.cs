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

    /// <summary>Maximum (and initial) encoder bitrate, kbit/s: the target a camera starts with and never exceeds
    /// (<see cref="ICamera.SetTargetBitrate"/> clamps to <see cref="MinBitrateKbps"/>..this).</summary>
    [ConfigRange(50, 100_000)]
    public int BitrateKbps { get; set; } = 2500;

    /// <summary>Lowest encoder bitrate a target may set, kbit/s (default 300; 50..100000). When
    /// <see cref="BitrateKbps"/> is lower, BitrateKbps is the minimum too (<see cref="EffectiveMinBitrateKbps"/>): the
    /// target is then fixed.</summary>
    public int MinBitrateKbps { get; set; } = 300;

    /// <summary>The lower bound targets are clamped to: min(<see cref="MinBitrateKbps"/>, <see cref="BitrateKbps"/>), kbit/s.</summary>
    public int EffectiveMinBitrateKbps => Math.Min(MinBitrateKbps, BitrateKbps);

    /// <summary>What to give up below <see cref="DegradeBelowKbps"/>: frame rate or resolution (default
    /// <see cref="DegradationPreference.MaintainFramerate"/>, i.e. halve the resolution).</summary>
    public DegradationPreference DegradationPreference { get; set; } = DegradationPreference.MaintainFramerate;

    /// <summary>
    /// Encoder target below which the picture steps down (half width and height, or half frame rate, per
    /// <see cref="DegradationPreference"/>), kbit/s; it steps back up once the target reaches 1.3 × this value (hysteresis),
    /// and at most one step happens per 2 s. 0 disables stepping (the pipeline then has no degradation elements).
    /// Default 0 (off).
    /// </summary>
    public int DegradeBelowKbps { get; set; }

    /// <summary>
    /// videotestsrc pattern of a <c>test</c> source (a nick of GStreamer's <c>GstVideoTestSrcPattern</c> enum, e.g.
    /// <c>smpte</c>, <c>ball</c>, <c>zone-plate</c>); default <c>smpte</c> colour bars, which with
    /// <see cref="TestPatternSpeed"/> scrolling fill the configured bitrate like real content.
    /// </summary>
    public string TestPattern { get; set; } = "smpte";

    /// <summary>Horizontal scroll of the <c>test</c> pattern, pixels per frame (videotestsrc <c>horizontal-speed</c>;
    /// 0 = still picture). Default 4.</summary>
    public int TestPatternSpeed { get; set; } = 4;

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
