namespace RtcGateway.Media.Pipelines;

/// <summary>
/// A complete camera pipeline in <c>gst-launch-1.0</c> syntax, ready for <c>gst_parse_launch</c>, plus the facts the
/// runtime needs to drive it.
/// Named elements the runtime looks up by name: <c>encoder</c> (force-key-unit events, latency probes),
/// <c>h264sink</c> (appsink, H.264 byte-stream, one access unit per buffer), <c>jpegvalve</c> (valve, starts with drop=true;
/// open it while MJPEG consumers exist), <c>jpegsink</c> (appsink, one JPEG per buffer), and for file sources <c>pace</c>
/// (the real-time pacing element).
/// Runtime notes: <c>jpegsink</c> has <c>async=false</c> because the closed valve never lets it preroll; a closed valve
/// (drop-mode left at its default drop-all, so the description also parses where that property is missing) also drops EOS, so the bus only posts EOS while the valve is
/// open — stop pipelines by going to NULL, and detect a dead source by the stall timeout rather than by EOS alone.
/// </summary>
/// <param name="Launch">The pipeline description (gst-launch-1.0 syntax; values quoted for gst_parse_launch).</param>
/// <param name="Encoder">The encoder the description uses.</param>
/// <param name="Source">The parsed camera source.</param>
/// <param name="NeedsLoopingSeek">True for file sources: the runtime must loop with SEGMENT seeks (flush on first seek,
/// then non-flushing segment seek to 0 on each SEGMENT_DONE).</param>
public sealed record VideoPipelineDescription(string Launch, EncoderChoice Encoder, CameraSourceUri Source, bool NeedsLoopingSeek)
{
    /// <summary>
    /// Time-based IDR interval, ns of running time; 0 when the encoder's own GOP (a frame count derived from the configured
    /// rate) spaces the IDRs. Non-zero when <see cref="Cameras.CameraOptions.Framerate"/> is 0 (the source's own rate, unknown
    /// when the description is built): the runtime then sends an upstream force-key-unit event carrying running time
    /// <c>previous IDR deadline + this interval</c> into the encoder's src pad; the GstVideoEncoder base class keys the
    /// first frame whose running time reaches it (gst-plugins-base gstvideoencoder.c, GstForceKeyUnit events), so IDRs are
    /// spaced by the interval to within one frame at any rate.
    /// </summary>
    public long ForcedKeyframeIntervalNs { get; init; }

    /// <summary>
    /// How a file source loops; null (the default) lets the runtime decide from the GStreamer version
    /// (<see cref="Gst.GstFeatures.FileLoop"/>: segment seeks from 1.22, the flushing fallback before). Set it to force one
    /// mode, e.g. to exercise the pre-1.22 fallback on a 1.22 machine.
    /// </summary>
    public Gst.FileLoopMode? LoopMode { get; init; }

    /// <summary>The degradation element (<c>name=degrade</c>, before the encoder) and the values that step the picture down
    /// and back up; null when <see cref="Cameras.CameraOptions.DegradeBelowKbps"/> is 0 (no such element).</summary>
    public DegradationControl? Degradation { get; init; }

    /// <summary>Name of the degradation element (capsfilter or videorate) in front of the encoder.</summary>
    public const string DegradeName = "degrade";

    /// <summary>Name of the encoder element.</summary>
    public const string EncoderName = "encoder";

    /// <summary>Name of the H.264 appsink.</summary>
    public const string H264SinkName = "h264sink";

    /// <summary>Name of the valve gating the JPEG branch.</summary>
    public const string JpegValveName = "jpegvalve";

    /// <summary>Name of the JPEG appsink.</summary>
    public const string JpegSinkName = "jpegsink";

    /// <summary>Name of the pacing element of file sources (clocksync).</summary>
    public const string PaceName = "pace";

    /// <summary>Name of the tee splitting raw video into the H.264 and JPEG branches.</summary>
    public const string TeeName = "t";
}
