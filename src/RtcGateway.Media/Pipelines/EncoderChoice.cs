namespace RtcGateway.Media.Pipelines;

/// <summary>
/// The H.264 encoder element chosen for this machine, with the reason (for the start-up log).
/// Preference order: <c>nvv4l2h264enc</c> (Jetson hardware, NVENC via V4L2) &gt; <c>x264enc</c> (GStreamer -ugly, libx264)
/// &gt; <c>openh264enc</c> (GStreamer -bad, Cisco OpenH264).
/// </summary>
/// <param name="Factory">Element factory name: <c>nvv4l2h264enc</c>, <c>x264enc</c> or <c>openh264enc</c>.</param>
/// <param name="Reason">Human-readable reason, e.g. <c>nvv4l2h264enc present: Jetson hardware encoder</c>.</param>
/// <param name="IsHardware">True for the hardware encoder (raw input must be NVMM NV12 through <c>nvvidconv</c>).</param>
public sealed record EncoderChoice(string Factory, string Reason, bool IsHardware)
{
    /// <summary>Jetson hardware encoder factory name.</summary>
    public const string NvV4l2H264Enc = "nvv4l2h264enc";

    /// <summary>libx264 software encoder factory name (gst-plugins-ugly).</summary>
    public const string X264Enc = "x264enc";

    /// <summary>OpenH264 software encoder factory name (gst-plugins-bad).</summary>
    public const string OpenH264Enc = "openh264enc";

    /// <summary>Selects the best available encoder. Never throws.</summary>
    /// <param name="registry">Installed elements.</param>
    /// <returns>The choice, or null when none of the three encoders is installed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    public static EncoderChoice? Select(IElementRegistry registry) => Select(registry, out _);

    /// <summary>Selects the best available encoder and explains the result.</summary>
    /// <param name="registry">Installed elements.</param>
    /// <param name="reason">The choice's <see cref="Reason"/>, or (when null is returned) why no encoder could be chosen.</param>
    /// <returns>The choice, or null when none of the three encoders is installed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    public static EncoderChoice? Select(IElementRegistry registry, out string reason)
    {
        ArgumentNullException.ThrowIfNull(registry);
        EncoderChoice? choice;
        if (registry.HasElement(NvV4l2H264Enc))
        {
            choice = new(NvV4l2H264Enc, "nvv4l2h264enc present: Jetson hardware encoder", true);
        }
        else if (registry.HasElement(X264Enc))
        {
            choice = new(X264Enc, "nvv4l2h264enc absent, x264enc present: libx264 software encoder (zerolatency, ultrafast)", false);
        }
        else if (registry.HasElement(OpenH264Enc))
        {
            choice = new(OpenH264Enc, "nvv4l2h264enc and x264enc absent, openh264enc present: OpenH264 software encoder", false);
        }
        else
        {
            reason = "no H.264 encoder installed: none of nvv4l2h264enc (Jetson L4T GStreamer plugins), " +
                     "x264enc (gstreamer1.0-plugins-ugly) or openh264enc (gstreamer1.0-plugins-bad) was found";
            return null;
        }

        reason = choice.Reason;
        return choice;
    }
}
