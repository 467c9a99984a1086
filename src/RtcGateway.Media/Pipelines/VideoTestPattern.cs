namespace RtcGateway.Media.Pipelines;

/// <summary>
/// The nicks of videotestsrc's <c>pattern</c> property (enum <c>GstVideoTestSrcPattern</c>, gst-plugins-base
/// gstvideotestsrc.h; the list gst-inspect-1.0 videotestsrc prints for GStreamer 1.20 and 1.22, values 0..25), used to
/// validate <see cref="Cameras.CameraOptions.TestPattern"/> before a pipeline is built (gst_parse_launch would otherwise
/// fail only when the camera starts).
/// </summary>
public static class VideoTestPattern
{
    /// <summary>The default pattern: SMPTE colour bars; scrolled by <c>horizontal-speed</c> they code at the configured
    /// bitrate (measured with x264enc ultrafast/zerolatency at 1280x720@30: 2,433 kbit/s at a 2,500 target, 5,947 at
    /// 6,000; the old moving <c>ball</c> made 246 kbit/s).</summary>
    public const string Default = "smpte";

    /// <summary>Every accepted nick, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "smpte", "snow", "black", "white", "red", "green", "blue", "checkers-1", "checkers-2", "checkers-4", "checkers-8",
        "circular", "blink", "smpte75", "zone-plate", "gamut", "chroma-zone-plate", "solid-color", "ball", "smpte100", "bar",
        "pinwheel", "spokes", "gradient", "colors", "smpte-rp-219",
    ];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/> (exact, lower case, as gst_parse_launch needs).</summary>
    /// <param name="name">A pattern nick, or null.</param>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);
}
