namespace RtcGateway.Media.Pipelines;

/// <summary>
/// The encoder element property that sets the bitrate, and its unit, per H.264 encoder factory. All three are
/// <c>guint</c> properties that may change while PLAYING:
/// x264enc <c>bitrate</c> in kbit/s (gst-plugins-ugly, "changeable in NULL, READY, PAUSED or PLAYING state"; applied with
/// x264_encoder_reconfig at the next frame), nvv4l2h264enc <c>bitrate</c> in bit/s (L4T gst-v4l2, forwarded to
/// V4L2_CID_MPEG_VIDEO_BITRATE, which the Jetson driver accepts at run time), openh264enc <c>bitrate</c> in bit/s
/// (gst-plugins-bad, read by the encoder at the next frame).
/// </summary>
public static class EncoderBitrate
{
    /// <summary>The property name (the same for all three encoders).</summary>
    public const string Property = "bitrate";

    /// <summary>
    /// The property value for <paramref name="kbps"/> on <paramref name="factory"/>: kbit/s for x264enc, bit/s otherwise.
    /// </summary>
    /// <param name="factory">Encoder factory name (<see cref="EncoderChoice.Factory"/>).</param>
    /// <param name="kbps">Bitrate, kbit/s (≥ 1).</param>
    /// <returns>The value to set, clamped to the guint range.</returns>
    public static uint PropertyValue(string factory, int kbps)
    {
        long value = factory == EncoderChoice.X264Enc ? kbps : (long)kbps * 1000;
        return (uint)Math.Clamp(value, 1, uint.MaxValue);
    }
}
