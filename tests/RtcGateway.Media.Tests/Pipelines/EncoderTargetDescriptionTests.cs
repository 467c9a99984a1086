using RtcGateway.Media.Cameras;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

/// <summary>The test pattern keys and the degradation element in pipeline descriptions.</summary>
public sealed class EncoderTargetDescriptionTests
{
    private static CameraOptions Options(string source = "test") => new()
    {
        Id = "cam1", Source = source, Width = 1280, Height = 720, Framerate = 30, BitrateKbps = 2500,
        KeyframeIntervalMs = 1000, JpegWidth = 640, JpegHeight = 360,
    };

    [Theory]
    [InlineData("zone-plate", 0)]
    [InlineData("ball", -3)]
    [InlineData("snow", 12)]
    public void TestPattern_and_speed_reach_videotestsrc(string pattern, int speed)
    {
        CameraOptions o = Options();
        o.TestPattern = pattern;
        o.TestPatternSpeed = speed;
        LaunchNode src = LaunchDescription.Parse(PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Desktop).Launch).Main[0];
        Assert.Equal(pattern, src["pattern"]);
        Assert.Equal(speed == 0 ? null : speed.ToString(System.Globalization.CultureInfo.InvariantCulture), src["horizontal-speed"]);
    }

    [Theory]
    [InlineData("test")]
    [InlineData("file:/media/clip.mp4")]
    public void No_threshold_means_no_degradation_element(string source)
    {
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(Options(source), StaticElementRegistry.Desktop);
        Assert.Null(d.Degradation);
        Assert.DoesNotContain(LaunchDescription.Parse(d.Launch).AllNodes, n => n["name"] == VideoPipelineDescription.DegradeName);
    }

    [Theory]
    [InlineData("desktop", "videoscale", "video/x-raw")]
    [InlineData("jetson", "nvvidconv", "video/x-raw(memory:NVMM),format=NV12")]
    public void MaintainFramerate_puts_a_scaler_and_a_named_capsfilter_at_full_size_before_the_encoder(string platform, string scaler, string prefix)
    {
        CameraOptions o = Options();
        o.Width = 1278; // half is 639: rounded down to even
        o.DegradeBelowKbps = 800;
        StaticElementRegistry registry = platform == "jetson" ? StaticElementRegistry.Jetson : StaticElementRegistry.Desktop;
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(o, registry);
        List<LaunchNode> h264 = LaunchDescription.Parse(d.Launch).Branch(0);
        Assert.Equal(["queue", scaler, "capsfilter"], h264.Take(3).Select(n => n.Factory));
        Assert.Equal("encoder", h264[3]["name"]);
        Assert.Equal(VideoPipelineDescription.DegradeName, h264[2]["name"]);
        Assert.Equal($"{prefix},width=1278,height=720,pixel-aspect-ratio=1/1", h264[2]["caps"]);
        Assert.Equal(DegradationPreference.MaintainFramerate, d.Degradation!.Preference);
        Assert.Equal(h264[2]["caps"], d.Degradation.FullCaps);
        Assert.Equal($"{prefix},width=638,height=360,pixel-aspect-ratio=1/1", d.Degradation.HalfCaps);
    }

    [Theory]
    [InlineData(30, 15)]
    [InlineData(25, 13)]
    [InlineData(1, 1)]
    public void MaintainResolution_puts_a_drop_only_videorate_before_the_encoder(int fps, int half)
    {
        CameraOptions o = Options();
        o.Framerate = fps;
        o.DegradeBelowKbps = 800;
        o.DegradationPreference = DegradationPreference.MaintainResolution;
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Desktop);
        List<LaunchNode> h264 = LaunchDescription.Parse(d.Launch).Branch(0);
        Assert.Equal(("videorate", "degrade", "true"), (h264[1].Factory, h264[1]["name"], h264[1]["drop-only"]));
        Assert.Equal("encoder", h264[2]["name"]);
        Assert.Equal(half, d.Degradation!.HalfMaxRate);
    }

    [Fact]
    public void MaintainResolution_with_the_source_rate_halves_the_measured_rate_at_run_time()
    {
        CameraOptions o = Options("file:/media/clip.mp4");
        o.Framerate = 0;
        o.DegradeBelowKbps = 800;
        o.DegradationPreference = DegradationPreference.MaintainResolution;
        Assert.Equal(0, PipelineDescriptionBuilder.Build(o, StaticElementRegistry.Desktop).Degradation!.HalfMaxRate);
    }

    [Theory]
    [InlineData("x264enc", 2500, 2500u)]
    [InlineData("nvv4l2h264enc", 2500, 2_500_000u)]
    [InlineData("openh264enc", 300, 300_000u)]
    [InlineData("x264enc", 0, 1u)]
    public void EncoderBitrate_uses_each_factory_unit(string factory, int kbps, uint expected) =>
        Assert.Equal(expected, EncoderBitrate.PropertyValue(factory, kbps));

    [Fact]
    public void Every_pattern_nick_is_accepted_by_the_installed_videotestsrc()
    {
        // gst_parse_launch rejects an unknown enum nick; all 26 must parse with the GStreamer installed here.
        foreach (string pattern in VideoTestPattern.Names)
        {
            using var p = global::RtcGateway.Media.Gst.GstPipeline.Parse($"videotestsrc pattern={pattern} ! fakesink");
        }
    }
}
