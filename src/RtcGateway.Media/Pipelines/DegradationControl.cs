using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Pipelines;

/// <summary>
/// How a pipeline steps its picture down and back up at run time, through the element named
/// <see cref="VideoPipelineDescription.DegradeName"/> in front of the encoder.
/// <see cref="DegradationPreference.MaintainFramerate"/>: the element is a capsfilter after a scaler (videoscale, or
/// nvvidconv in NVMM) whose <c>caps</c> switch between <see cref="FullCaps"/> and <see cref="HalfCaps"/>; capsfilter sends
/// a RECONFIGURE upstream, the scaler renegotiates at the next frame, and the encoder (GstVideoEncoder set_format) starts a
/// new sequence: new SPS/PPS and an IDR at the new size. <see cref="DegradationPreference.MaintainResolution"/>: the element
/// is a <c>videorate drop-only=true</c> whose <c>max-rate</c> switches between <see cref="FullMaxRate"/> and
/// <see cref="HalfMaxRate"/>; videorate renegotiates its output framerate and the encoder restarts its sequence the same
/// way (x264enc then spends the same bitrate on half the frames).
/// </summary>
/// <param name="Preference">What is kept.</param>
public sealed record DegradationControl(DegradationPreference Preference)
{
    /// <summary>videorate's default <c>max-rate</c> (G_MAXINT): no limit.</summary>
    public const int FullMaxRate = int.MaxValue;

    /// <summary>Capsfilter caps at the configured size (MaintainFramerate), or null.</summary>
    public string? FullCaps { get; init; }

    /// <summary>Capsfilter caps at half width and height, each rounded down to an even number ≥ 16 (MaintainFramerate), or null.</summary>
    public string? HalfCaps { get; init; }

    /// <summary>videorate <c>max-rate</c> at half frame rate, frames/s (MaintainResolution): half the configured rate
    /// rounded up; 0 when the rate is the source's own (the runtime then halves the measured rate).</summary>
    public int HalfMaxRate { get; init; }

    /// <summary>Half of a dimension, even and at least 16 pixels (4:2:0 needs even sizes).</summary>
    /// <param name="pixels">The configured width or height.</param>
    public static int HalfDimension(int pixels) => Math.Max(16, pixels / 2 & ~1);
}
