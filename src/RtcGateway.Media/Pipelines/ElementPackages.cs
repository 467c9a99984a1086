using System.Collections.Frozen;

namespace RtcGateway.Media.Pipelines;

/// <summary>
/// Which package installs a GStreamer element factory the gateway uses, so a missing element can be reported with the
/// fix (<c>apt install gstreamer1.0-x</c>) instead of only its name. Debian 12 package names were read on the build
/// machine (gst-inspect-1.0 plugin file → dpkg -S; ElementPackagesTests re-checks them on every run); Ubuntu 22.04
/// (JetPack 6) splits the plugins into the same package names. NVIDIA's elements come from L4T's own apt repository
/// (<see cref="L4tGStreamer"/>; not verifiable on the build machine).
/// </summary>
public static class ElementPackages
{
    /// <summary>GStreamer core elements (coreelements plugin): shipped in the library package itself.</summary>
    public const string Core = "libgstreamer1.0-0";

    /// <summary>gst-plugins-base (app, videotestsrc, videoconvert, playback…).</summary>
    public const string Base = "gstreamer1.0-plugins-base";

    /// <summary>gst-plugins-base plugins that need X11/Pango libraries: the pango text overlays are here on Debian.</summary>
    public const string X = "gstreamer1.0-x";

    /// <summary>gst-plugins-good (v4l2, jpeg, rtsp, isomp4…).</summary>
    public const string Good = "gstreamer1.0-plugins-good";

    /// <summary>gst-plugins-bad (videoparsers, openh264, mpegts…).</summary>
    public const string Bad = "gstreamer1.0-plugins-bad";

    /// <summary>gst-plugins-ugly (x264).</summary>
    public const string Ugly = "gstreamer1.0-plugins-ugly";

    /// <summary>gst-libav (FFmpeg decoders).</summary>
    public const string Libav = "gstreamer1.0-libav";

    /// <summary>NVIDIA's accelerated GStreamer plugins on a Jetson (L4T apt repository, part of JetPack).</summary>
    public const string L4tGStreamer = "nvidia-l4t-gstreamer";

    private static readonly FrozenDictionary<string, string> ByElement = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["capsfilter"] = Core, ["clocksync"] = Core, ["fakesink"] = Core, ["fakesrc"] = Core, ["filesink"] = Core,
        ["filesrc"] = Core, ["identity"] = Core, ["queue"] = Core, ["queue2"] = Core, ["tee"] = Core, ["valve"] = Core,
        ["multiqueue"] = Core, ["typefind"] = Core,
        ["appsink"] = Base, ["appsrc"] = Base, ["videotestsrc"] = Base, ["videoconvert"] = Base, ["videoscale"] = Base,
        ["videorate"] = Base, ["decodebin"] = Base, ["decodebin3"] = Base, ["uridecodebin"] = Base, ["uridecodebin3"] = Base,
        ["playbin"] = Base, ["rawvideoparse"] = Base,
        ["clockoverlay"] = X, ["timeoverlay"] = X, ["textoverlay"] = X,
        ["v4l2src"] = Good, ["jpegenc"] = Good, ["jpegdec"] = Good, ["rtspsrc"] = Good, ["rtph264depay"] = Good,
        ["qtdemux"] = Good, ["matroskademux"] = Good, ["avimux"] = Good, ["rtpjitterbuffer"] = Good, ["udpsrc"] = Good,
        ["udpsink"] = Good, ["souphttpsrc"] = Good, ["multipartdemux"] = Good, ["vp8enc"] = Good, ["vp8dec"] = Good,
        ["h264parse"] = Bad, ["h265parse"] = Bad, ["openh264enc"] = Bad, ["openh264dec"] = Bad, ["mpegtsmux"] = Bad,
        ["tsdemux"] = Bad, ["videoparse"] = Bad,
        ["x264enc"] = Ugly,
        ["avdec_h264"] = Libav, ["avdec_mjpeg"] = Libav,
        ["nvarguscamerasrc"] = L4tGStreamer, ["nvvidconv"] = L4tGStreamer, ["nvv4l2h264enc"] = L4tGStreamer,
        ["nvv4l2h265enc"] = L4tGStreamer, ["nvjpegenc"] = L4tGStreamer, ["nvjpegdec"] = L4tGStreamer,
        ["nvv4l2decoder"] = L4tGStreamer, ["nvv4l2camerasrc"] = L4tGStreamer,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every element factory name the map knows.</summary>
    public static IReadOnlyCollection<string> Elements => ByElement.Keys;

    /// <summary>The package that installs <paramref name="factory"/>, or null when the map does not know the element.</summary>
    /// <param name="factory">Element factory name, e.g. <c>clockoverlay</c>.</param>
    public static string? PackageFor(string factory) =>
        factory is not null && ByElement.TryGetValue(factory, out string? package) ? package : null;

    /// <summary>
    /// The fix for a missing element, e.g. <c>install the Debian package gstreamer1.0-x</c>, or for NVIDIA's elements
    /// <c>it comes with NVIDIA's L4T package nvidia-l4t-gstreamer (JetPack)</c>; a generic hint for unknown elements.
    /// </summary>
    /// <param name="factory">Element factory name.</param>
    public static string InstallHint(string factory) => PackageFor(factory) switch
    {
        null => "no package known for it; find it with gst-inspect-1.0 on a machine that has it",
        L4tGStreamer => $"it comes with NVIDIA's L4T package {L4tGStreamer} (JetPack)",
        string package => $"install the Debian package {package}",
    };
}
