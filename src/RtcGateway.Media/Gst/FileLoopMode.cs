namespace RtcGateway.Media.Gst;

/// <summary>How a <c>file:</c> camera source loops at the end of the clip (see <see cref="GstFeatures.FileLoop"/>).</summary>
public enum FileLoopMode
{
    /// <summary>
    /// GStreamer ≥ 1.22 (tested here): at SEGMENT_DONE a non-flushing SEGMENT seek to 0 with an explicit stop
    /// (the duration) queues the next loop seamlessly; the demuxer (qtdemux) accumulates running time across loops
    /// and the pacing probe drops the one raw frame whose running time repeats at the loop point.
    /// </summary>
    SegmentSeek,

    /// <summary>
    /// Fallback for GStreamer &lt; 1.22 (JetPack 6's 1.20), independent of how the demuxer accumulates segment bases:
    /// at SEGMENT_DONE a FLUSHING segment seek to 0, with the pipeline's start time set to NONE (running time is not
    /// reset by the flush, gst_element_set_start_time) and a running-time offset of (loops × duration) on the pacing
    /// element's sink pad (gst_pad_set_offset), so running time keeps increasing. Costs the frames still queued between
    /// demuxer and pacer at the loop point (a short visible jump) and an encoder flush (the next picture is an IDR).
    /// </summary>
    FlushingSeekWithOffset,
}
