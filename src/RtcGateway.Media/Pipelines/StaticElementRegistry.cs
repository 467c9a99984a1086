using System.Collections.Frozen;

namespace RtcGateway.Media.Pipelines;

/// <summary>
/// An <see cref="IElementRegistry"/> backed by a fixed set of element factory names: for tests and for describing
/// the element sets of the two target platforms (<see cref="Jetson"/>, <see cref="Desktop"/>).
/// </summary>
public sealed class StaticElementRegistry : IElementRegistry
{
    /// <summary>Elements of GStreamer core and -base that both platforms ship (gst-inspect-1.0 of GStreamer 1.22 / L4T 1.20).</summary>
    private static readonly string[] CoreAndBase =
    [
        // core (coreelements)
        "capsfilter", "clocksync", "fakesink", "fakesrc", "filesink", "filesrc", "identity", "queue", "queue2", "tee",
        "valve", "multiqueue", "typefind",
        // -base
        "appsink", "appsrc", "videotestsrc", "videoconvert", "videoscale", "videorate", "decodebin", "decodebin3",
        "uridecodebin", "uridecodebin3", "playbin", "clockoverlay", "timeoverlay", "textoverlay",
        // -good
        "v4l2src", "jpegenc", "jpegdec", "rtspsrc", "rtph264depay", "qtdemux", "matroskademux", "avimux",
        "rtpjitterbuffer", "udpsrc", "udpsink", "souphttpsrc", "multipartdemux",
        // -bad
        "h264parse", "h265parse", "videoparse", "rawvideoparse", "mpegtsmux", "tsdemux",
    ];

    /// <summary>
    /// The element set of an NVIDIA Jetson (L4T / JetPack with the accelerated GStreamer plugins, nvidia-l4t-gstreamer):
    /// the common base/good/bad elements plus <c>nvarguscamerasrc</c>, <c>nvvidconv</c>, <c>nvv4l2h264enc</c>,
    /// <c>nvv4l2h265enc</c>, <c>nvjpegenc</c>, <c>nvjpegdec</c>, <c>nvv4l2decoder</c>. No x264enc/openh264enc (the ugly set is
    /// not in the image).
    /// </summary>
    public static StaticElementRegistry Jetson { get; } = new(CoreAndBase.Concat(
    [
        "nvarguscamerasrc", "nvvidconv", "nvv4l2h264enc", "nvv4l2h265enc", "nvjpegenc", "nvjpegdec", "nvv4l2decoder",
        "nvv4l2camerasrc",
    ]));

    /// <summary>
    /// The element set of Debian 12 with GStreamer 1.22 plugins base/good/bad/ugly/libav: the common elements plus
    /// <c>x264enc</c> (ugly), <c>openh264enc</c>/<c>openh264dec</c> (bad), <c>avdec_h264</c> (libav). No NVIDIA elements.
    /// </summary>
    public static StaticElementRegistry Desktop { get; } = new(CoreAndBase.Concat(
    [
        "x264enc", "openh264enc", "openh264dec", "avdec_h264", "avdec_mjpeg", "vp8enc", "vp8dec",
    ]));

    private readonly FrozenSet<string> _names;

    /// <summary>Creates a registry holding exactly <paramref name="factoryNames"/> (case-sensitive).</summary>
    /// <param name="factoryNames">Element factory names; duplicates are ignored.</param>
    /// <exception cref="ArgumentNullException"><paramref name="factoryNames"/> is null.</exception>
    public StaticElementRegistry(IEnumerable<string> factoryNames)
    {
        ArgumentNullException.ThrowIfNull(factoryNames);
        _names = factoryNames.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The element factory names of this registry.</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <inheritdoc />
    public bool HasElement(string factoryName) => factoryName is not null && _names.Contains(factoryName);

    /// <summary>A copy of this registry without the given elements (to simulate a missing plugin).</summary>
    /// <param name="factoryNames">Names to remove.</param>
    public StaticElementRegistry Without(params string[] factoryNames) =>
        new(_names.Except(factoryNames, StringComparer.Ordinal));

    /// <summary>A copy of this registry with the given elements added.</summary>
    /// <param name="factoryNames">Names to add.</param>
    public StaticElementRegistry With(params string[] factoryNames) => new(_names.Concat(factoryNames));
}
