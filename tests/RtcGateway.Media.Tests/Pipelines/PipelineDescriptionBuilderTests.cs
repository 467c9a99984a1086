using RtcGateway.Media.Cameras;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

public sealed class PipelineDescriptionBuilderTests
{
    public static TheoryData<string, string> KindsAndPlatforms()
    {
        var data = new TheoryData<string, string>();
        foreach (string source in new[] { "test", "file:/media/clip.mp4", "v4l2:/dev/video2", "csi:1", "rtsp://cam.local:8554/stream" })
        {
            data.Add(source, "jetson");
            if (!source.StartsWith("csi", StringComparison.Ordinal))
            {
                data.Add(source, "desktop");
            }
        }

        return data;
    }

    private static CameraOptions Options(string source) => new()
    {
        Id = "cam1", Source = source, Width = 1280, Height = 720, Framerate = 30, BitrateKbps = 2500,
        KeyframeIntervalMs = 1000, JpegWidth = 640, JpegHeight = 360, JpegQuality = 75,
    };

    private static StaticElementRegistry Registry(string platform) =>
        platform == "jetson" ? StaticElementRegistry.Jetson : StaticElementRegistry.Desktop;

    [Theory]
    [MemberData(nameof(KindsAndPlatforms))]
    public void EveryDescription_HasTheTeeAndTwoBranchesWithTheNamedElements(string source, string platform)
    {
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(Options(source), Registry(platform));
        LaunchDescription launch = LaunchDescription.Parse(d.Launch);

        Assert.Equal(3, launch.Chains.Count);
        Assert.Equal("tee", launch.Main[^1].Factory);
        Assert.Equal("t", launch.Main[^1]["name"]);
        Assert.All(launch.Chains.Skip(1), c => Assert.Equal("t", c.From));

        // Raw video before the tee: Width x Height @ Framerate, NVMM NV12 on Jetson, I420 on desktop.
        LaunchNode rawCaps = launch.Main.Last(n => n.Factory == "caps");
        string expectedCaps = platform == "jetson"
            ? "video/x-raw(memory:NVMM),format=NV12,width=1280,height=720,framerate=30/1"
            : "video/x-raw,format=I420,width=1280,height=720,framerate=30/1";
        if (source.StartsWith("file", StringComparison.Ordinal))
        {
            Assert.Equal("clocksync", launch.Main[^2].Factory);
            Assert.Equal("pace", launch.Main[^2]["name"]);
        }

        Assert.Equal(expectedCaps, rawCaps.Caps);

        List<LaunchNode> h264 = launch.Branch(0);
        Assert.Equal("queue", h264[0].Factory);
        Assert.Equal(("1", "downstream"), (h264[0]["max-size-buffers"], h264[0]["leaky"]));
        LaunchNode encoder = launch.Named("encoder");
        Assert.Equal(d.Encoder.Factory, encoder.Factory);
        Assert.Equal(platform == "jetson" ? "nvv4l2h264enc" : "x264enc", encoder.Factory);
        Assert.StartsWith("video/x-h264,stream-format=byte-stream,alignment=au", h264[^2].Caps);
        LaunchNode h264Sink = h264[^1];
        Assert.Equal("appsink", h264Sink.Factory);
        Assert.Equal(("h264sink", "false", "false", "4", "false"),
            (h264Sink["name"], h264Sink["emit-signals"], h264Sink["sync"], h264Sink["max-buffers"], h264Sink["drop"]));

        List<LaunchNode> jpeg = launch.Branch(1);
        Assert.Equal(("queue", "downstream", "1"), (jpeg[0].Factory, jpeg[0]["leaky"], jpeg[0]["max-size-buffers"]));
        Assert.Equal(("valve", "jpegvalve", "true"), (jpeg[1].Factory, jpeg[1]["name"], jpeg[1]["drop"]));
        LaunchNode jpegEncoder = jpeg[^2];
        Assert.Equal(platform == "jetson" ? "nvjpegenc" : "jpegenc", jpegEncoder.Factory);
        Assert.Equal("75", jpegEncoder["quality"]);
        Assert.Contains("width=640,height=360", jpeg[^3].Caps);
        Assert.Equal(("appsink", "jpegsink", "false", "1", "true", "false"),
            (jpeg[^1].Factory, jpeg[^1]["name"], jpeg[^1]["sync"], jpeg[^1]["max-buffers"], jpeg[^1]["drop"], jpeg[^1]["async"]));

        Assert.Equal(source.StartsWith("file", StringComparison.Ordinal), d.NeedsLoopingSeek);
        Assert.Equal(source, d.Source.ToString());
    }

    [Theory]
    [MemberData(nameof(KindsAndPlatforms))]
    public void EveryElementOfEveryDescription_IsInItsRegistry(string source, string platform)
    {
        StaticElementRegistry registry = Registry(platform);
        LaunchDescription launch = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options(source), registry).Launch);
        Assert.All(launch.AllNodes.Where(n => n.Factory != "caps"), n => Assert.True(registry.HasElement(n.Factory), n.Factory));
    }

    [Fact]
    public void TestSource_IsLiveScrollingSmpteBarsWithRunningClock()
    {
        List<LaunchNode> main = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("test"), StaticElementRegistry.Desktop).Launch).Main;
        Assert.Equal(("videotestsrc", "true", "smpte", "4"),
            (main[0].Factory, main[0]["is-live"], main[0]["pattern"], main[0]["horizontal-speed"]));
        Assert.Contains(main, n => n.Factory == "clockoverlay");
        Assert.Contains(main, n => n.Factory == "timeoverlay");
    }

    [Fact]
    public void TestSource_WithoutPango_OmitsOverlays()
    {
        var registry = StaticElementRegistry.Desktop.Without("clockoverlay", "timeoverlay");
        List<LaunchNode> main = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("test"), registry).Launch).Main;
        Assert.DoesNotContain(main, n => n.Factory.EndsWith("overlay", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("desktop", new[] { "filesrc", "decodebin", "videoconvert", "videoscale", "videorate", "caps", "clocksync", "tee" })]
    [InlineData("jetson", new[] { "filesrc", "decodebin", "nvvidconv", "caps", "videorate", "caps", "clocksync", "tee" })]
    public void FileSource_ChainOrder(string platform, string[] factories)
    {
        List<LaunchNode> main = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("file:/media/clip.mp4"), Registry(platform)).Launch).Main;
        Assert.Equal(factories, main.Select(n => n.Factory));
        Assert.Equal("/media/clip.mp4", main[0]["location"]);
        Assert.Equal(("video/x-raw(ANY)", "false"), (main[1]["caps"], main[1]["expose-all-streams"]));
        Assert.Equal("true", main[^2]["sync"]);
    }

    [Theory]
    [InlineData("desktop", new[] { "v4l2src", "decodebin", "videoconvert", "videoscale", "videorate", "caps", "tee" })]
    [InlineData("jetson", new[] { "v4l2src", "decodebin", "nvvidconv", "caps", "videorate", "caps", "tee" })]
    public void V4l2Source_ChainOrder(string platform, string[] factories)
    {
        List<LaunchNode> main = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("v4l2:3"), Registry(platform)).Launch).Main;
        Assert.Equal(factories, main.Select(n => n.Factory));
        Assert.Equal(("/dev/video3", "mmap"), (main[0]["device"], main[0]["io-mode"]));
    }

    [Fact]
    public void CsiSource_OnJetson_IsNvargusWithNvmmCaps()
    {
        List<LaunchNode> main = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("csi:1"), StaticElementRegistry.Jetson).Launch).Main;
        Assert.Equal(new[] { "nvarguscamerasrc", "caps", "tee" }, main.Select(n => n.Factory));
        Assert.Equal("1", main[0]["sensor-id"]);
    }

    [Fact]
    public void CsiSource_OnDesktop_ThrowsNamingCameraAndElement()
    {
        var ex = Assert.Throws<PipelineConfigurationException>(() => PipelineDescriptionBuilder.Build(Options("csi:0"), StaticElementRegistry.Desktop));
        Assert.Equal("camera cam1: element 'nvarguscamerasrc' is not installed (csi:0 needs it); it comes with NVIDIA's L4T package nvidia-l4t-gstreamer (JetPack)", ex.Message);
        Assert.Equal(("cam1", "nvarguscamerasrc"), (ex.CameraId, ex.MissingElement));
    }

    [Theory]
    [InlineData("desktop")]
    [InlineData("jetson")]
    public void RtspSource_SelectsVideoAndDecodes(string platform)
    {
        const string Uri = "rtsp://user:p%40ss word@cam.local:8554/live?x=1&y=2";
        List<LaunchNode> main = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("rtsp://cam.local/s"), Registry(platform)).Launch).Main;
        Assert.Equal(("rtspsrc", "0", "udp+tcp"), (main[0].Factory, main[0]["latency"], main[0]["protocols"]));
        Assert.Equal("application/x-rtp,media=video", main[1].Caps);
        Assert.Equal("decodebin", main[2].Factory);
        // A URI with characters the launch syntax reserves survives quoting (space is invalid in a URI, so use '&' and '?').
        string uri = Uri.Replace(" ", "", StringComparison.Ordinal);
        List<LaunchNode> quoted = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options(uri), Registry(platform)).Launch).Main;
        Assert.Equal(uri, quoted[0]["location"]);
    }

    [Theory]
    [InlineData(1000, 30, 30)]
    [InlineData(2000, 25, 50)]
    [InlineData(500, 15, 8)] // 7.5 rounds away from zero
    [InlineData(100, 5, 1)] // 0.5 → 1
    [InlineData(100, 1, 1)] // 0.1 → at least 1
    public void KeyframeInterval_IsRoundedFramesAndReachesTheEncoder(int ms, int fps, int frames)
    {
        Assert.Equal(frames, PipelineDescriptionBuilder.KeyframeIntervalFrames(ms, fps));
        CameraOptions o = Options("test");
        (o.KeyframeIntervalMs, o.Framerate) = (ms, fps);
        string expected = frames.ToString(System.Globalization.CultureInfo.InvariantCulture);

        LaunchNode x264 = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Desktop).Launch).Named("encoder");
        Assert.Equal(expected, x264["key-int-max"]);
        LaunchNode nv = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Jetson).Launch).Named("encoder");
        Assert.Equal((expected, expected), (nv["idrinterval"], nv["iframeinterval"]));
        LaunchNode openh264 = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Desktop.Without("x264enc")).Launch).Named("encoder");
        Assert.Equal(expected, openh264["gop-size"]);
    }

    [Fact]
    public void X264_HasTheLowLatencyPropertiesAndBitrateInKbps()
    {
        LaunchDescription launch = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("test"), StaticElementRegistry.Desktop).Launch);
        LaunchNode e = launch.Named("encoder");
        Assert.Equal(("zerolatency", "ultrafast", "0", "true", "2500", "100"),
            (e["tune"], e["speed-preset"], e["bframes"], e["insert-vui"], e["bitrate"], e["vbv-buf-capacity"]));
        Assert.Equal("video/x-h264,stream-format=byte-stream,alignment=au,profile=constrained-baseline", launch.Branch(0)[^2].Caps);
        Assert.DoesNotContain(launch.Branch(0), n => n.Factory == "h264parse");
    }

    [Fact]
    public void OpenH264_HasBitrateInBitsPerSecond()
    {
        LaunchNode e = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options("test"), StaticElementRegistry.Desktop.Without("x264enc")).Launch).Named("encoder");
        Assert.Equal(("openh264enc", "2500000", "bitrate", "low"), (e.Factory, e["bitrate"], e["rate-control"], e["complexity"]));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("file:/media/clip.mp4")]
    [InlineData("v4l2:0")]
    [InlineData("csi:0")]
    [InlineData("rtsp://cam.local/s")]
    public void NvV4l2H264Enc_HasExactlyTheNotesPropertyList_FedStraightFromTheNvmmTee(string source)
    {
        LaunchDescription launch = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(Options(source), StaticElementRegistry.Jetson).Launch);
        // The tee already carries NVMM NV12 (the source chain's last caps): no second nvvidconv before the encoder.
        Assert.StartsWith("video/x-raw(memory:NVMM),format=NV12,", launch.Main.Last(n => n.Factory == "caps").Caps);
        List<LaunchNode> branch = launch.Branch(0);
        Assert.Equal(new[] { "queue", "nvv4l2h264enc", "caps", "appsink" }, branch.Select(n => n.Factory));
        // No profile field after NVIDIA's encoder: it may report profile=baseline, which constrained-baseline would refuse.
        Assert.Equal("video/x-h264,stream-format=byte-stream,alignment=au", branch[2].Caps);
        var props = branch[1].RawProperties.ToDictionary(p => p.Key, p => p.Value);
        var expected = new Dictionary<string, string>
        {
            ["name"] = "encoder", ["bitrate"] = "2500000", ["insert-sps-pps"] = "true", ["insert-vui"] = "true",
            ["idrinterval"] = "30", ["iframeinterval"] = "30", ["num-B-Frames"] = "0", ["control-rate"] = "1",
            ["preset-level"] = "UltraFastPreset", ["maxperf-enable"] = "true", ["profile"] = "Baseline",
            ["insert-aud"] = "true", ["poc-type"] = "2", ["vbv-size"] = "83333", // 2.5 Mbit/s / 30 fps: one frame
        };
        Assert.Equal(expected.OrderBy(p => p.Key), props.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(2500, 30, 83333)]
    [InlineData(4000, 25, 160000)]
    [InlineData(1000, 0, 33333)] // source's own rate: sized for the nominal 30 fps
    [InlineData(800, 12, 66667)] // rounds half away from zero
    public void NvV4l2H264Enc_VbvSize_IsOneFrameOfBitsAtTheTargetBitrate(int kbps, int fps, long bits)
    {
        Assert.Equal(bits, PipelineDescriptionBuilder.NvVbvSizeBits(kbps, fps));
        CameraOptions o = Options(fps == 0 ? "file:/media/clip.mp4" : "test");
        (o.BitrateKbps, o.Framerate) = (kbps, fps);
        LaunchNode nv = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Jetson).Launch).Named("encoder");
        Assert.Equal(bits.ToString(System.Globalization.CultureInfo.InvariantCulture), nv["vbv-size"]);
        Assert.Equal((kbps * 1000L).ToString(System.Globalization.CultureInfo.InvariantCulture), nv["bitrate"]);
    }

    [Fact]
    public void HardwareEncoderWithoutNvvidconv_ThrowsNamingNvvidconv()
    {
        var registry = StaticElementRegistry.Desktop.With("nvv4l2h264enc");
        var ex = Assert.Throws<PipelineConfigurationException>(() => PipelineDescriptionBuilder.Build(Options("test"), registry));
        Assert.Equal("camera cam1: element 'nvvidconv' is not installed (the H.264 encoder chain needs it); it comes with NVIDIA's L4T package nvidia-l4t-gstreamer (JetPack)", ex.Message);
    }

    [Theory]
    [InlineData("desktop", "file:/media/clip.mp4", new[] { "filesrc", "decodebin", "videoconvert", "videoscale", "caps", "clocksync", "tee" })]
    [InlineData("jetson", "file:/media/clip.mp4", new[] { "filesrc", "decodebin", "nvvidconv", "caps", "clocksync", "tee" })]
    [InlineData("desktop", "v4l2:0", new[] { "v4l2src", "decodebin", "videoconvert", "videoscale", "caps", "tee" })]
    [InlineData("jetson", "v4l2:0", new[] { "v4l2src", "decodebin", "nvvidconv", "caps", "tee" })]
    [InlineData("desktop", "rtsp://cam.local/s", new[] { "rtspsrc", "caps", "decodebin", "videoconvert", "videoscale", "caps", "tee" })]
    [InlineData("jetson", "rtsp://cam.local/s", new[] { "rtspsrc", "caps", "decodebin", "nvvidconv", "caps", "tee" })]
    public void FramerateZero_KeepsTheSourcesRate_NoVideorateNoRateInCaps_AndForcesIdrsByTime(string platform, string source, string[] factories)
    {
        CameraOptions o = Options(source);
        o.Framerate = PipelineDescriptionBuilder.SourceFramerate;
        o.KeyframeIntervalMs = 1500;
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(o, Registry(platform));
        LaunchDescription launch = LaunchDescription.Parse(d.Launch);

        Assert.Equal(factories, launch.Main.Select(n => n.Factory));
        Assert.DoesNotContain(launch.AllNodes, n => n.Factory == "videorate");
        Assert.DoesNotContain(launch.AllNodes, n => n.Caps?.Contains("framerate", StringComparison.Ordinal) == true);
        Assert.EndsWith("width=1280,height=720", launch.Main.Last(n => n.Factory == "caps").Caps);
        Assert.Equal(1_500_000_000L, d.ForcedKeyframeIntervalNs);

        // The encoder's own GOP is only a backstop: two intervals at 120 fps = 360 frames.
        LaunchNode encoder = launch.Named("encoder");
        if (platform == "jetson")
        {
            Assert.Equal(("360", "360"), (encoder["idrinterval"], encoder["iframeinterval"]));
        }
        else
        {
            Assert.Equal(("360", "100"), (encoder["key-int-max"], encoder["vbv-buf-capacity"]));
        }
    }

    [Theory]
    [InlineData("test")]
    [InlineData("file:/media/clip.mp4")]
    public void ConfiguredFramerate_UsesTheEncodersGop_NotTimeForcedIdrs(string source)
    {
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(Options(source), StaticElementRegistry.Desktop);
        Assert.Equal(0, d.ForcedKeyframeIntervalNs);
        Assert.Equal("30", LaunchDescription.Parse(d.Launch).Named("encoder")["key-int-max"]);
    }

    [Theory]
    [InlineData("test", "desktop")]
    [InlineData("csi:2", "jetson")]
    public void FramerateZero_ForSourcesThatNeedARate_Throws(string source, string platform)
    {
        CameraOptions o = Options(source);
        o.Framerate = 0;
        var ex = Assert.Throws<PipelineConfigurationException>(() => PipelineDescriptionBuilder.Build(o, Registry(platform)));
        Assert.Equal($"camera cam1: Framerate 0 (the source's own rate) is not possible for {source}: that source needs a configured rate", ex.Message);
    }

    [Theory]
    [InlineData(1000, 0, 240)]
    [InlineData(100, 0, 24)]
    [InlineData(1000, 25, 25)]
    public void EncoderKeyframeIntervalFrames_IsTheGopOrTheTimeForcedBackstop(int ms, int fps, int frames) =>
        Assert.Equal(frames, PipelineDescriptionBuilder.EncoderKeyframeIntervalFrames(ms, fps));

    [Fact]
    public void JetsonWithoutHardwareEncoder_CopiesOutOfNvmmForX264()
    {
        var registry = StaticElementRegistry.Jetson.Without("nvv4l2h264enc").With("x264enc");
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(Options("csi:0"), registry);
        List<LaunchNode> branch = LaunchDescription.Parse(d.Launch).Branch(0);
        Assert.False(d.Encoder.IsHardware);
        Assert.Equal(new[] { "queue", "nvvidconv", "caps", "x264enc", "caps", "appsink" }, branch.Select(n => n.Factory));
        Assert.Equal("video/x-raw,format=I420", branch[2].Caps);
    }

    [Fact]
    public void NoEncoder_ThrowsWithTheReason()
    {
        var registry = StaticElementRegistry.Desktop.Without("x264enc", "openh264enc");
        var ex = Assert.Throws<PipelineConfigurationException>(() => PipelineDescriptionBuilder.Build(Options("test"), registry));
        Assert.StartsWith("camera cam1: no H.264 encoder installed", ex.Message);
    }

    [Fact]
    public void MissingJpegEncoder_ThrowsNamingTheBranch()
    {
        var ex = Assert.Throws<PipelineConfigurationException>(() => PipelineDescriptionBuilder.Build(Options("test"), StaticElementRegistry.Desktop.Without("jpegenc")));
        Assert.Equal("camera cam1: element 'jpegenc' is not installed (the JPEG branch needs it); install the Debian package gstreamer1.0-plugins-good", ex.Message);
    }

    [Fact]
    public void BadSource_ThrowsNamingTheCamera()
    {
        var ex = Assert.Throws<PipelineConfigurationException>(() => PipelineDescriptionBuilder.Build(Options("http://x/y"), StaticElementRegistry.Desktop));
        Assert.StartsWith("camera cam1: Source: unknown scheme 'http'", ex.Message);
    }

    [Fact]
    public void RtspCredentials_AreHiddenFromThe_LogString()
    {
        Assert.True(CameraSourceUri.TryParse("rtsp://admin:secret@10.0.0.5:554/h264", out var uri, out _));
        Assert.Equal("rtsp://***@10.0.0.5:554/h264", uri!.ToLogString());
        var ex = Assert.Throws<PipelineConfigurationException>(() =>
            PipelineDescriptionBuilder.Build(Options("rtsp://admin:secret@10.0.0.5:554/h264"), StaticElementRegistry.Desktop.Without("rtspsrc")));
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }
}
