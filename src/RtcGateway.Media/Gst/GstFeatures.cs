namespace RtcGateway.Media.Gst;

/// <summary>
/// Run-time decisions that depend on the GStreamer version (<c>gst_version</c>). The gateway is developed and tested on
/// GStreamer 1.22 (Debian 12); JetPack 6 (L4T r36, Ubuntu 22.04) ships 1.20. Every decision has a 1.20 path, chosen
/// from the version rather than assumed, so the same binary runs on both. Pure: construct with any version to test.
/// </summary>
/// <param name="Version">The GStreamer library version the decisions are for.</param>
public sealed record GstFeatures(GstVersion Version)
{
    /// <summary>Oldest version whose <c>file:</c> looping (non-flushing segment seeks through qtdemux) is tested here.</summary>
    public static GstVersion SegmentSeekLoopSince => GstVersion.V1_22;

    /// <summary>Oldest version the gateway supports at all (JetPack 6); older versions are reported at start.</summary>
    public static GstVersion MinimumSupported => GstVersion.V1_20;

    /// <summary>The features of the loaded library (initialises GStreamer; throws like <see cref="GstRuntime.EnsureInitialized"/>).</summary>
    public static GstFeatures Runtime => new(GstRuntime.RuntimeVersion);

    /// <summary><see cref="FileLoopMode.SegmentSeek"/> from 1.22 on, <see cref="FileLoopMode.FlushingSeekWithOffset"/> before.</summary>
    public FileLoopMode FileLoop => Version >= SegmentSeekLoopSince ? FileLoopMode.SegmentSeek : FileLoopMode.FlushingSeekWithOffset;

    /// <summary>False below <see cref="MinimumSupported"/> (nothing older than 1.20 is tested or symbol-checked).</summary>
    public bool IsSupported => Version >= MinimumSupported;

    /// <summary>One line for the start-up log, e.g. <c>GStreamer 1.20.3: file loop FlushingSeekWithOffset (1.20 fallback)</c>.</summary>
    public string Describe() =>
        $"GStreamer {Version}: file loop {FileLoop}{(FileLoop == FileLoopMode.SegmentSeek ? "" : " (pre-1.22 fallback)")}"
        + (IsSupported ? "" : $"; older than the supported minimum {MinimumSupported}");
}
