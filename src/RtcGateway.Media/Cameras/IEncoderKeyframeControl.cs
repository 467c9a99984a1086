namespace RtcGateway.Media.Cameras;

/// <summary>
/// The two ways to ask the running H.264 encoder element (<c>name=encoder</c>) for an IDR picture. Implemented by the
/// pipeline run; tests use a fake. Both calls are thread-safe in GStreamer (events and signal emission).
/// </summary>
internal interface IEncoderKeyframeControl
{
    /// <summary>
    /// Sends an upstream GstForceKeyUnit event (all-headers, gst_video_event_new_upstream_force_key_unit) into the
    /// encoder's src pad. <paramref name="runningTime"/> = GST_CLOCK_TIME_NONE keys the next frame; a running time (ns)
    /// keys the first frame at or after it (GstVideoEncoder). Returns whether the pad accepted the event.
    /// </summary>
    bool SendForceKeyUnit(ulong runningTime);

    /// <summary>Emits the encoder's <c>force-IDR</c> action signal (nvv4l2h264enc only); false when the element has none.</summary>
    bool EmitForceIdr();
}
