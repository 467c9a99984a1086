using System.Text;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Pipelines;

/// <summary>
/// Builds the GStreamer pipeline description (gst-launch-1.0 syntax) of one camera from its <see cref="CameraOptions"/> and
/// the installed elements. Shape:
/// <code>
/// SOURCE-CHAIN ! tee name=t
///   t. ! queue max-size-buffers=1 leaky=downstream ! ENCODER-CHAIN(name=encoder) ! video/x-h264,… ! appsink name=h264sink …
///   t. ! queue leaky=downstream max-size-buffers=1 ! valve name=jpegvalve drop=true ! SCALE ! JPEG-ENCODER ! appsink name=jpegsink …
/// </code>
/// The source chain produces raw video at Width×Height@Framerate: I420 in system memory, or NV12 in NVMM memory when
/// <c>nvvidconv</c> is installed (Jetson). With <see cref="CameraOptions.Framerate"/> = 0 (<c>file:</c>, <c>v4l2:</c>,
/// <c>rtsp://</c> only) the caps carry no framerate and there is no <c>videorate</c>: frames keep the source's own timing
/// (car-detection.mp4 plays at 12.5 fps, not a rounded 13), and IDR pictures are then forced by running time (see
/// <see cref="VideoPipelineDescription.ForcedKeyframeIntervalNs"/>). Element properties follow gst-inspect-1.0 of
/// GStreamer 1.22 and the NVIDIA Jetson Accelerated GStreamer guide (nvarguscamerasrc, nvvidconv, nvv4l2h264enc,
/// nvv4l2decoder, nvjpegenc). For GStreamer 1.20 (JetPack 6) no property newer than 1.20 is set: clocksync's
/// <c>qos</c> (Since 1.22 in the clocksync documentation) and valve's <c>drop-mode</c> are left at their defaults.
/// </summary>
public static partial class PipelineDescriptionBuilder
{
    /// <summary>Jetson colour-space converter/scaler (NVMM ⇄ system memory).</summary>
    public const string NvVidConv = "nvvidconv";

    /// <summary>Jetson libargus CSI camera source.</summary>
    public const string NvArgusCameraSrc = "nvarguscamerasrc";

    /// <summary>Jetson hardware JPEG encoder.</summary>
    public const string NvJpegEnc = "nvjpegenc";

    /// <summary><see cref="CameraOptions.Framerate"/> value meaning "keep the source's own rate" (no framerate in the caps,
    /// no videorate); accepted for <c>file:</c>, <c>v4l2:</c> and <c>rtsp://</c> sources only.</summary>
    public const int SourceFramerate = 0;

    /// <summary>Frame rate assumed for rate-dependent encoder settings (x264enc VBV buffer) when the rate is the source's
    /// own and unknown when the description is built, frames/s.</summary>
    public const int NominalFramerate = 30;

    /// <summary>Highest frame rate the encoder's own GOP backstop is sized for when IDRs are forced by time, frames/s.</summary>
    public const int BackstopFramerate = 120;

    /// <summary>
    /// Builds the description.
    /// </summary>
    /// <param name="options">The camera (validated beforehand with <see cref="CameraOptionsValidator"/>; <see cref="CameraOptions.Id"/> names the camera in errors).</param>
    /// <param name="registry">Installed elements.</param>
    /// <returns>The description; <see cref="VideoPipelineDescription.NeedsLoopingSeek"/> is true for file sources.</returns>
    /// <exception cref="PipelineConfigurationException">The source does not parse, <see cref="CameraOptions.Framerate"/> is 0
    /// (<see cref="SourceFramerate"/>) for a <c>test</c> or <c>csi:</c> source (videotestsrc and nvarguscamerasrc need a rate),
    /// no H.264 encoder is installed, or an element the chain needs is missing (message e.g. <c>camera cam1: element 'jpegenc' is not installed (the JPEG branch needs it); install the Debian package gstreamer1.0-plugins-good</c>, see <see cref="ElementPackages"/>).</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static VideoPipelineDescription Build(CameraOptions options, IElementRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        string id = string.IsNullOrEmpty(options.Id) ? "?" : options.Id;

        if (!CameraSourceUri.TryParse(options.Source, out CameraSourceUri? source, out string error))
        {
            throw new PipelineConfigurationException(id, "Source: " + error);
        }

        if (options.Framerate == SourceFramerate && !KeepsSourceFramerate(source!.Kind))
        {
            throw new PipelineConfigurationException(id,
                $"Framerate 0 (the source's own rate) is not possible for {source.ToLogString()}: that source needs a configured rate");
        }

        EncoderChoice encoder = EncoderChoice.Select(registry, out string reason)
            ?? throw new PipelineConfigurationException(id, reason);

        var chain = new Chain(id, registry);
        bool nvmm = registry.HasElement(NvVidConv);
        string need = source!.ToLogString();

        AppendSource(chain, options, source, nvmm, need);
        chain.Raw(" ! tee name=" + VideoPipelineDescription.TeeName);

        chain.Raw(" t. ! queue max-size-buffers=1 leaky=downstream ! ");
        DegradationControl? degradation = AppendDegradation(chain, options, nvmm);
        AppendEncoder(chain, options, encoder, nvmm);
        chain.Raw(" ! ");
        chain.Element("appsink", "the H.264 branch", "name=" + VideoPipelineDescription.H264SinkName,
            "emit-signals=false", "sync=false", "max-buffers=4", "drop=false");

        chain.Raw(" t. ! queue leaky=downstream max-size-buffers=1 ! ");
        chain.Element("valve", "the JPEG branch", "name=" + VideoPipelineDescription.JpegValveName, "drop=true");
        chain.Raw(" ! ");
        AppendJpeg(chain, options, nvmm);
        chain.Raw(" ! ");
        // async=false: the valve starts closed, so this sink never prerolls; without it a non-live (file) pipeline would
        // wait forever in PAUSED (GstBaseSink "async" property).
        chain.Element("appsink", "the JPEG branch", "name=" + VideoPipelineDescription.JpegSinkName,
            "emit-signals=false", "sync=false", "max-buffers=1", "drop=true", "async=false");

        return new VideoPipelineDescription(chain.ToString(), encoder, source, source.Kind == CameraSourceKind.File)
        {
            ForcedKeyframeIntervalNs = options.Framerate == SourceFramerate ? options.KeyframeIntervalMs * 1_000_000L : 0,
            Degradation = degradation,
        };
    }

    /// <summary>Whether <see cref="CameraOptions.Framerate"/> = 0 (keep the source's own rate) is allowed for a source kind:
    /// true for <c>file:</c>, <c>v4l2:</c> and <c>rtsp://</c>; false for <c>test</c> (videotestsrc's rate comes from the caps)
    /// and <c>csi:</c> (nvarguscamerasrc picks a sensor mode from the caps rate).</summary>
    /// <param name="kind">The source kind.</param>
    public static bool KeepsSourceFramerate(CameraSourceKind kind) =>
        kind is CameraSourceKind.File or CameraSourceKind.V4l2 or CameraSourceKind.Rtsp;

    /// <summary>
    /// The encoder's own IDR interval, frames (x264enc <c>key-int-max</c>, nvv4l2h264enc <c>idrinterval</c>/<c>iframeinterval</c>,
    /// openh264enc <c>gop-size</c>; all count frames). With a configured rate: <see cref="KeyframeIntervalFrames"/>. With the
    /// source's own rate (Framerate 0) the rate is unknown when the description is built — a file's rate could be probed
    /// (gst-discoverer / mp4 <c>stts</c>), but v4l2 and RTSP rates are only known after negotiation — so IDRs are instead
    /// forced by time (the runtime sends upstream force-key-unit events with a running time every KeyframeIntervalMs; the
    /// GstVideoEncoder base class keys the first frame whose running time reaches it, so the spacing is KeyframeIntervalMs
    /// rounded up to the next frame for any rate), and the encoder's GOP is only a backstop of two intervals at
    /// <see cref="BackstopFramerate"/> so it never fires before a forced IDR.
    /// </summary>
    /// <param name="keyframeIntervalMs">IDR interval, ms.</param>
    /// <param name="framerate">Configured frames per second, or 0 for the source's own rate.</param>
    public static int EncoderKeyframeIntervalFrames(int keyframeIntervalMs, int framerate) => framerate == SourceFramerate
        ? KeyframeIntervalFrames(2 * keyframeIntervalMs, BackstopFramerate)
        : KeyframeIntervalFrames(keyframeIntervalMs, framerate);

    /// <summary>Frames between IDR pictures: max(1, round(KeyframeIntervalMs × Framerate / 1000)).</summary>
    /// <param name="keyframeIntervalMs">IDR interval, ms.</param>
    /// <param name="framerate">Frames per second.</param>
    public static int KeyframeIntervalFrames(int keyframeIntervalMs, int framerate) =>
        (int)Math.Max(1, Math.Round((double)keyframeIntervalMs * framerate / 1000.0, MidpointRounding.AwayFromZero));

    /// <summary>
    /// x264enc VBV buffer, ms: three frame durations clamped to 50..300 ms. One frame (1000/fps) starves IDR pictures
    /// (an IDR is several times a P frame, so it would be coded at a very high QP every key-int); three frames let an IDR
    /// borrow from the next two frames while bounding the burst a pacer must smooth to ~100 ms at 30 fps.
    /// </summary>
    /// <param name="framerate">Frames per second (≥1), or 0 for the source's own rate (<see cref="NominalFramerate"/> is assumed).</param>
    public static int X264VbvBufferMs(int framerate) =>
        Math.Clamp((int)Math.Round(3000.0 / (framerate == SourceFramerate ? NominalFramerate : Math.Max(1, framerate))), 50, 300);

    /// <summary>
    /// nvv4l2h264enc <c>vbv-size</c>, bits: one frame's worth at the target bitrate, round(BitrateKbps × 1000 / fps), with
    /// fps = <see cref="NominalFramerate"/> when the rate is the source's own (0). E.g. 2500 kbit/s at 30 fps → 83333.
    /// </summary>
    /// <param name="bitrateKbps">Target bitrate, kbit/s.</param>
    /// <param name="framerate">Frames per second, or 0 for the source's own rate.</param>
    public static long NvVbvSizeBits(int bitrateKbps, int framerate) =>
        Math.Max(1L, (long)Math.Round(bitrateKbps * 1000.0 / (framerate == SourceFramerate ? NominalFramerate : Math.Max(1, framerate)),
            MidpointRounding.AwayFromZero));

    private static string RawCaps(CameraOptions o, bool nvmm) => (nvmm
        ? $"video/x-raw(memory:NVMM),format=NV12,width={o.Width},height={o.Height}"
        : $"video/x-raw,format=I420,width={o.Width},height={o.Height}") + FramerateField(o);

    private static string FramerateField(CameraOptions o) => o.Framerate == SourceFramerate ? "" : $",framerate={o.Framerate}/1";

    private static void AppendSource(Chain c, CameraOptions o, CameraSourceUri source, bool nvmm, string need)
    {
        switch (source.Kind)
        {
            case CameraSourceKind.Test:
                AppendTestSource(c, o, need);
                c.Raw(" ! " + RawCaps(o, false));
                // Visible running clock: wall-clock time top right, pipeline running time top left (optional: pango).
                if (c.Has("clockoverlay"))
                {
                    c.Raw(" ! ");
                    c.Element("clockoverlay", need, "halignment=right", "valignment=top", "shaded-background=true",
                        "time-format=" + GstLaunchSyntax.QuoteValue("%H:%M:%S"));
                }

                if (c.Has("timeoverlay"))
                {
                    c.Raw(" ! ");
                    c.Element("timeoverlay", need, "halignment=left", "valignment=top", "shaded-background=true");
                }

                if (nvmm)
                {
                    c.Raw(" ! ");
                    c.Element(NvVidConv, need);
                    c.Raw(" ! " + RawCaps(o, true));
                }

                break;

            case CameraSourceKind.File:
                c.Element("filesrc", need, "location=" + GstLaunchSyntax.QuoteValue(source.Path!));
                c.Raw(" ! ");
                AppendDecodebin(c, need);
                c.Raw(" ! ");
                AppendNormalise(c, o, nvmm, need);
                // Real-time pacing after decode: clocksync waits on the pipeline clock for each buffer's running time,
                // so a file plays at its frame rate; it handles segment seeks (the runtime's loop) like any sync element.
                c.Raw(" ! ");
                c.Element("clocksync", need, "name=" + VideoPipelineDescription.PaceName, "sync=true");
                break;

            case CameraSourceKind.V4l2:
                // io-mode=mmap: the one mode every UVC driver supports; decodebin accepts raw or image/jpeg (MJPEG cameras).
                c.Element("v4l2src", need, "device=" + GstLaunchSyntax.QuoteValue(source.Device!), "io-mode=mmap");
                c.Raw(" ! ");
                AppendDecodebin(c, need);
                c.Raw(" ! ");
                AppendNormalise(c, o, nvmm, need);
                break;

            case CameraSourceKind.Csi:
                c.Element(NvArgusCameraSrc, need, "sensor-id=" + GstLaunchSyntax.Int(source.SensorId));
                c.Raw(" ! " + RawCaps(o, true));
                if (!nvmm)
                {
                    // Not reachable on a real Jetson (nvarguscamerasrc ships with nvvidconv), but keep the chain honest.
                    c.Require(NvVidConv, need);
                }

                break;

            case CameraSourceKind.Rtsp:
                // latency=0: no jitter-buffer delay (we re-encode at once); udp+tcp: UDP first, TCP interleaved as fallback.
                c.Element("rtspsrc", need, "location=" + GstLaunchSyntax.QuoteValue(source.Uri!), "latency=0", "protocols=udp+tcp");
                c.Raw(" ! application/x-rtp,media=video ! ");
                AppendDecodebin(c, need);
                c.Raw(" ! ");
                AppendNormalise(c, o, nvmm, need);
                break;
        }
    }

    // decodebin stops at raw video (any memory: NVMM from Jetson hardware decoders too) and does not expose other streams,
    // so an audio track (car-detection.mp4 has AAC) is neither decoded nor left as an unlinked pad (decodebin "caps" and
    // "expose-all-streams" properties).
    private static void AppendDecodebin(Chain c, string need) =>
        c.Element("decodebin", need, "caps=" + GstLaunchSyntax.QuoteValue("video/x-raw(ANY)"), "expose-all-streams=false");

    // decoded video of any format/size/rate → RawCaps. Framerate 0: no videorate, the source's timestamps pass unchanged.
    // On a Jetson decodebin autoplugs by rank: nvv4l2decoder for H.264 (files, RTSP) and, for MJPEG v4l2 cameras,
    // nvjpegdec or nvv4l2decoder (which NVIDIA documents with mjpeg=1 for MJPEG; decodebin cannot set that property, so a
    // JetPack whose nvv4l2decoder needs it is served by nvjpegdec). Either decoder's NVMM output follows the JPEG's chroma
    // layout (UVC MJPEG is often 4:2:2) and is not necessarily NV12, so nothing here assumes a decoder output format: the
    // nvvidconv below converts whatever it gets to NVMM NV12 at Width×Height.
    private static void AppendNormalise(Chain c, CameraOptions o, bool nvmm, string need)
    {
        bool rate = o.Framerate != SourceFramerate;
        if (nvmm)
        {
            // nvvidconv takes NVMM (hardware decoders) or system memory and scales in the VIC; videorate accepts video/x-raw(ANY).
            c.Element(NvVidConv, need);
            if (rate)
            {
                c.Raw($" ! video/x-raw(memory:NVMM),format=NV12,width={o.Width},height={o.Height} ! ");
                c.Element("videorate", need);
            }

            c.Raw(" ! " + RawCaps(o, true));
            return;
        }

        c.Element("videoconvert", need);
        c.Raw(" ! ");
        c.Element("videoscale", need);
        if (rate)
        {
            c.Raw(" ! ");
            c.Element("videorate", need);
        }

        c.Raw(" ! " + RawCaps(o, false));
    }

    private static void AppendEncoder(Chain c, CameraOptions o, EncoderChoice encoder, bool nvmm)
    {
        const string Need = "the H.264 encoder chain";
        int gop = EncoderKeyframeIntervalFrames(o.KeyframeIntervalMs, o.Framerate);
        long bitsPerSecond = (long)o.BitrateKbps * 1000;
        string encoderName = "name=" + VideoPipelineDescription.EncoderName;
        switch (encoder.Factory)
        {
            case EncoderChoice.NvV4l2H264Enc:
                if (!nvmm)
                {
                    // Hardware encoder without nvvidconv: the source chain is in system memory and nothing can upload it.
                    c.Require(NvVidConv, Need);
                }

                // With nvvidconv installed every source chain already ends in NVMM NV12 (RawCaps), exactly what
                // nvv4l2h264enc's sink template takes, so the tee feeds the encoder directly: no second nvvidconv copy.
                // Where each value comes from (property names, types and defaults: L4T gst-v4l2 gstv4l2videoenc.c /
                // gstv4l2h264enc.c, the source of nvv4l2h264enc, read here; the NVIDIA Jetson Accelerated GStreamer guide
                // for the low-latency choices; NOT verified on a Jetson from this machine):
                //   bitrate          bit/s (guint, default 4000000).
                //   control-rate=1   constant_bitrate (GEnum: 0 variable_bitrate, 1 constant_bitrate; the default is CBR too).
                //   vbv-size         virtual buffer size (guint, default 4000000, i.e. ~1 s at the default bitrate). One
                //                    frame's worth of bits at the target rate (NvVbvSizeBits) bounds each picture to about
                //                    one frame interval on the wire — the low-latency setting NVIDIA's guide and forum
                //                    answers give. The unit is taken to be bits from the default's relation to the default
                //                    bitrate and NVIDIA's V4L2 control description (unverified here). Cost: IDR pictures get
                //                    a high QP (a brief quality dip at each IDR), unlike the x264 path's 3-frame buffer.
                //   preset-level     HW preset (GEnum nicks DisablePreset/UltraFastPreset/FastPreset/MediumPreset/SlowPreset;
                //                    default UltraFastPreset): fastest encode per frame.
                //   maxperf-enable   boolean, default false: keeps the NVENC clocks up (lower, steadier per-frame latency).
                //   idrinterval / iframeinterval   frames between IDR / I pictures (defaults 256 / 30): both = the GOP.
                //   num-B-Frames=0   no reordering delay (WebRTC receivers need none).
                //   poc-type=2       picture order = decode order (H.264 8.2.1.3): no reorder buffering in decoders.
                //   insert-sps-pps   SPS/PPS before every IDR, so a viewer joining at any IDR can decode it.
                //   insert-vui       VUI (timing, colour) in the SPS.  insert-aud  access unit delimiters (AU boundaries).
                //   profile=Baseline GEnum nick of GST_V4L2_H264_VIDEO_PROFILE_BASELINE (browsers decode it everywhere).
                // WEBRTC-NOTES.md H.264 lists the same set; vbv-size is the addition.
                c.Element(EncoderChoice.NvV4l2H264Enc, Need, encoderName, "bitrate=" + GstLaunchSyntax.Int(bitsPerSecond),
                    "control-rate=1", "vbv-size=" + GstLaunchSyntax.Int(NvVbvSizeBits(o.BitrateKbps, o.Framerate)),
                    "preset-level=UltraFastPreset", "maxperf-enable=true",
                    "idrinterval=" + GstLaunchSyntax.Int(gop), "iframeinterval=" + GstLaunchSyntax.Int(gop), "num-B-Frames=0",
                    "poc-type=2", "insert-sps-pps=true", "insert-vui=true", "insert-aud=true", "profile=Baseline");
                // No profile field in these caps (decision). nvv4l2h264enc (L4T gst-v4l2, a GstV4l2VideoEnc/GstVideoEncoder)
                // sets the SPS profile from its own profile property (Baseline here) and, per the pipeline helper's report,
                // announces profile=baseline in its src caps: profile=constrained-baseline would fail negotiation, and
                // profile=(string){constrained-baseline,baseline} would only restate the property while still breaking if a
                // JetPack release reports a third spelling. What the browser is told comes from the parsed SPS of each IDR
                // (profile_idc, constraint flags → profile-level-id), not from these caps.
                c.Raw(" ! video/x-h264,stream-format=byte-stream,alignment=au");
                return;

            case EncoderChoice.X264Enc:
                AppendToSystemMemory(c, nvmm, Need);
                c.Element(EncoderChoice.X264Enc, Need, encoderName, "tune=zerolatency", "speed-preset=ultrafast", "bframes=0",
                    "key-int-max=" + GstLaunchSyntax.Int(gop), "insert-vui=true", "bitrate=" + GstLaunchSyntax.Int(o.BitrateKbps),
                    "vbv-buf-capacity=" + GstLaunchSyntax.Int(X264VbvBufferMs(o.Framerate)), "byte-stream=true");
                break;

            default:
                AppendToSystemMemory(c, nvmm, Need);
                c.Element(EncoderChoice.OpenH264Enc, Need, encoderName, "usage-type=camera", "complexity=low",
                    "rate-control=bitrate", "bitrate=" + GstLaunchSyntax.Int(bitsPerSecond),
                    "gop-size=" + GstLaunchSyntax.Int(gop), "scene-change-detection=false");
                break;
        }

        c.Raw(" ! video/x-h264,stream-format=byte-stream,alignment=au,profile=constrained-baseline");
    }

    private static void AppendToSystemMemory(Chain c, bool nvmm, string need)
    {
        if (nvmm)
        {
            // Software encoder on a Jetson without NVENC (e.g. Orin Nano): copy out of NVMM.
            c.Element(NvVidConv, need);
            c.Raw(" ! video/x-raw,format=I420 ! ");
        }
    }

    private static void AppendJpeg(Chain c, CameraOptions o, bool nvmm)
    {
        const string Need = "the JPEG branch";
        string quality = "quality=" + GstLaunchSyntax.Int(o.JpegQuality);
        if (nvmm && c.Has(NvJpegEnc))
        {
            c.Element(NvVidConv, Need);
            c.Raw($" ! video/x-raw(memory:NVMM),format=I420,width={o.JpegWidth},height={o.JpegHeight},pixel-aspect-ratio=1/1 ! ");
            c.Element(NvJpegEnc, Need, quality);
            return;
        }

        if (nvmm)
        {
            c.Element(NvVidConv, Need);
            c.Raw($" ! video/x-raw,format=I420,width={o.JpegWidth},height={o.JpegHeight},pixel-aspect-ratio=1/1 ! ");
        }
        else
        {
            c.Element("videoscale", Need);
            c.Raw($" ! video/x-raw,width={o.JpegWidth},height={o.JpegHeight},pixel-aspect-ratio=1/1 ! ");
        }

        c.Element("jpegenc", Need, quality);
    }

    /// <summary>Accumulates the description and checks every element against the registry as it is added.</summary>
    private sealed class Chain(string cameraId, IElementRegistry registry)
    {
        private readonly StringBuilder _sb = new(512);

        public bool Has(string factory) => registry.HasElement(factory);

        public void Require(string factory, string neededBy)
        {
            if (!registry.HasElement(factory))
            {
                throw new PipelineConfigurationException(cameraId,
                    $"element '{factory}' is not installed ({neededBy} needs it); {ElementPackages.InstallHint(factory)}")
                {
                    MissingElement = factory,
                };
            }
        }

        public void Element(string factory, string neededBy, params string[] properties)
        {
            Require(factory, neededBy);
            _sb.Append(factory);
            foreach (string p in properties)
            {
                _sb.Append(' ').Append(p);
            }
        }

        public void Raw(string text) => _sb.Append(text);

        public override string ToString() => _sb.ToString();
    }
}
