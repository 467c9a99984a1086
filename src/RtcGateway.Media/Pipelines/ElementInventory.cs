namespace RtcGateway.Media.Pipelines;

/// <summary>
/// The elements <see cref="PipelineDescriptionBuilder"/> may use on this machine, checked against the installed ones at
/// start so a missing plugin package is reported once with its effect and package, not discovered per camera (or never:
/// the <c>test</c> source silently drops its clock overlay when the pango plugin is absent).
/// Platform: a Jetson is recognised by <c>nvvidconv</c>; NVIDIA's elements are only expected there.
/// </summary>
public static class ElementInventory
{
    private static readonly (string Factory, string Effect)[] Common =
    [
        ("filesrc", "file: sources cannot start"),
        ("queue", "no camera can start"),
        ("tee", "no camera can start"),
        ("valve", "no camera can start"),
        ("capsfilter", "no camera can start"),
        ("clocksync", "file: sources cannot start"),
        ("appsink", "no camera can start"),
        ("videotestsrc", "the test source cannot start"),
        ("decodebin", "file:, v4l2: and rtsp:// sources cannot start"),
        ("qtdemux", "file: sources cannot read MP4/MOV clips"),
        ("v4l2src", "v4l2: sources cannot start"),
        ("rtspsrc", "rtsp:// sources cannot start"),
        ("clockoverlay", "the test source has no wall-clock overlay"),
        ("timeoverlay", "the test source has no running-time overlay"),
    ];

    private static readonly (string Factory, string Effect)[] DesktopOnly =
    [
        ("videoconvert", "no camera can start"),
        ("videoscale", "no camera can start"),
        ("videorate", "sources with a configured frame rate cannot start"),
        ("jpegenc", "no MJPEG and no camera can start (the JPEG branch is part of every pipeline)"),
    ];

    private static readonly (string Factory, string Effect)[] JetsonOnly =
    [
        ("nvv4l2h264enc", "H.264 is encoded on the CPU instead of NVENC"),
        ("nvjpegenc", "MJPEG frames are encoded on the CPU (jpegenc) instead of NVJPG"),
        ("nvarguscamerasrc", "csi: cameras cannot start"),
        ("videorate", "sources with a configured frame rate cannot start"),
    ];

    /// <summary>H.264 decoders decodebin can use for file: and rtsp:// sources (any one is enough).</summary>
    private static readonly string[] H264Decoders = ["nvv4l2decoder", "avdec_h264", "openh264dec"];

    /// <summary>
    /// The expected elements that <paramref name="registry"/> does not have, in a stable order: the common ones, then the
    /// platform's, then the H.264 encoder and decoder groups (reported once, naming the usual package, when none of the
    /// group is installed). Empty when everything is there. Never throws for a registry that never throws.
    /// </summary>
    /// <param name="registry">Installed elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    public static IReadOnlyList<MissingElement> FindMissing(IElementRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        bool jetson = registry.HasElement(PipelineDescriptionBuilder.NvVidConv);
        var missing = new List<MissingElement>();
        foreach (var (factory, effect) in Common.Concat(jetson ? JetsonOnly : DesktopOnly))
        {
            if (!registry.HasElement(factory))
            {
                missing.Add(new MissingElement(factory, effect, ElementPackages.InstallHint(factory)));
            }
        }

        if (EncoderChoice.Select(registry) is null)
        {
            missing.Add(new MissingElement(EncoderChoice.X264Enc, "no H.264 encoder (nvv4l2h264enc, x264enc, openh264enc): no camera can start",
                ElementPackages.InstallHint(EncoderChoice.X264Enc)));
        }

        if (!H264Decoders.Any(registry.HasElement))
        {
            string usual = jetson ? "nvv4l2decoder" : "avdec_h264";
            missing.Add(new MissingElement(usual, "no H.264 decoder (nvv4l2decoder, avdec_h264, openh264dec): H.264 clips and RTSP cameras cannot be decoded",
                ElementPackages.InstallHint(usual)));
        }

        return missing;
    }
}
