using System.Diagnostics;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.H264;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

/// <summary>Runs the desktop descriptions through the real gst-launch-1.0 (GStreamer 1.22 on the build machine). A missing
/// element fails before the run with the package that brings it (<see cref="GstLaunch.RequireInstalledElements"/>).</summary>
public sealed class GstLaunchIntegrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rtcgw-gst-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CameraOptions Small(string source) => new()
    {
        Id = "cam0", Source = source, Width = 320, Height = 240, Framerate = 30, KeyframeIntervalMs = 500,
        BitrateKbps = 800, JpegWidth = 160, JpegHeight = 120, JpegQuality = 70,
    };

    [Fact]
    public void DesktopRegistry_ListsOnlyElementsInstalledHere()
    {
        var psi = new ProcessStartInfo("gst-inspect-1.0") { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var installed = output.Split('\n')
            .Select(l => l.Split(':', StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length >= 3)
            .Select(parts => parts[1])
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(installed.Count > 100, "gst-inspect-1.0 listed too few elements");
        string[] missing = StaticElementRegistry.Desktop.Names.Where(n => !installed.Contains(n))
            .Select(n => $"{n}: {ElementPackages.InstallHint(n)}").ToArray();
        Assert.True(missing.Length == 0, "elements of StaticElementRegistry.Desktop missing here (scripts/install-deps test):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void MissingElement_FailsBeforeTheRunNamingItsPackage()
    {
        // nvvidconv stands in for any element absent here (every Debian-packaged one the gateway uses is installed).
        var ex = Assert.Throws<Xunit.Sdk.TrueException>(() => GstLaunch.RequireInstalledElements(
            "videotestsrc ! video/x-raw,width=64,height=48 ! nvvidconv ! no_such_element_xyz ! fakesink"));
        Assert.Contains("nvvidconv: it comes with NVIDIA's L4T package nvidia-l4t-gstreamer (JetPack)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_element_xyz: no package known for it", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("videotestsrc", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fakesink", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x264enc")]
    [InlineData("openh264enc")]
    public void TestSource_RunsAndEmitsConstrainedBaselineWithSpsBeforeEveryIdr(string encoder)
    {
        StaticElementRegistry registry = encoder == "x264enc" ? StaticElementRegistry.Desktop : StaticElementRegistry.Desktop.Without("x264enc");
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(Small("test"), registry);
        Assert.Equal(encoder, d.Encoder.Factory);
        string h264 = Path.Combine(_dir, "out.h264");
        string jpeg = Path.Combine(_dir, "out.jpg");

        GstLaunch.Result r = GstLaunch.Run(GstLaunch.MakeRunnable(d.Launch, h264, jpeg, openJpegValve: true, numBuffers: 31));

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Output}");
        AssertH264(File.ReadAllBytes(h264), 320, 240, minIdr: 2);
        byte[] jpg = File.ReadAllBytes(jpeg);
        Assert.True(jpg.Length > 100 && jpg[0] == 0xFF && jpg[1] == 0xD8, "JPEG branch produced no JFIF data");
    }

    [Fact]
    public void FileSource_PlaysCarClipInRealTimeAndScales()
    {
        string clip = TestPaths.Clip("car-detection.mp4");
        Assert.True(File.Exists(clip), clip);
        var options = Small("file:" + clip);
        options.Framerate = 15;
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(options, StaticElementRegistry.Desktop);
        Assert.True(d.NeedsLoopingSeek);
        string h264 = Path.Combine(_dir, "car.h264");

        var sw = Stopwatch.StartNew();
        GstLaunch.Result r = GstLaunch.Run(GstLaunch.MakeRunnable(d.Launch, h264, null, openJpegValve: true, numBuffers: null),
            interruptAfter: TimeSpan.FromSeconds(2));
        sw.Stop();

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Output}");
        Assert.DoesNotContain("ERROR", r.Output, StringComparison.Ordinal);
        byte[] bytes = File.ReadAllBytes(h264);
        AssertH264(bytes, 320, 240, minIdr: 1);
        // Paced in real time: ~2 s at 15 fps is about 30 access units, far fewer than the clip's 377 frames.
        // (x264 zerolatency uses sliced threads: count pictures, i.e. slices with first_mb_in_slice == 0.)
        int pictures = AnnexB.SplitNalUnits(bytes).Count(n => H264SliceHeader.TryRead(n.Span, out int firstMb, out _) && firstMb == 0);
        Assert.InRange(pictures, 10, 80);
    }

    [Theory]
    [InlineData("my clip (1).mp4")]
    [InlineData("say \"cheese\" it's.mp4")]
    [InlineData("\"leading quote.mp4")]
    [InlineData("back\\slash ! bang.mp4")]
    public void FileSource_PathNeedingQuotes_IsFoundByFilesrc(string fileName)
    {
        string link = Path.Combine(_dir, fileName);
        File.CreateSymbolicLink(link, TestPaths.Clip("bottle-detection.mp4"));
        var options = Small("file:" + link);
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(options, StaticElementRegistry.Desktop);
        Assert.Equal(link, LaunchDescription.Parse(d.Launch).Main[0]["location"]);
        string h264 = Path.Combine(_dir, "q.h264");

        GstLaunch.Result r = GstLaunch.Run(GstLaunch.MakeRunnable(d.Launch, h264, null, true, null), interruptAfter: TimeSpan.FromSeconds(3));

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Output}");
        Assert.DoesNotContain("ERROR", r.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(h264).Length > 0, r.Output);
    }

    /// <summary>v4l2 and rtsp cannot run here (no camera, no server), but gst_parse_launch must accept their descriptions:
    /// every element and property exists, and the only failure is opening the resource.</summary>
    [Theory]
    [InlineData("v4l2:/dev/video99", "/dev/video99", 30)]
    [InlineData("rtsp://127.0.0.1:9/nothing", "127.0.0.1", 30)]
    [InlineData("v4l2:/dev/video99", "/dev/video99", 0)]
    [InlineData("rtsp://127.0.0.1:9/nothing", "127.0.0.1", 0)]
    public void UnrunnableSources_ParseAndFailOnlyAtTheResource(string source, string resource, int fps)
    {
        CameraOptions options = Small(source);
        options.Framerate = fps;
        VideoPipelineDescription d = PipelineDescriptionBuilder.Build(options, StaticElementRegistry.Desktop);

        GstLaunch.Result r = GstLaunch.Run(GstLaunch.MakeRunnable(d.Launch, null, null, true, null), hardLimit: TimeSpan.FromSeconds(20));

        Assert.False(r.TimedOut, r.Output);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("erroneous pipeline", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("no property", r.Output, StringComparison.Ordinal);
        Assert.Contains(resource, r.Output, StringComparison.Ordinal);
    }

    private static void AssertH264(byte[] stream, int width, int height, int minIdr)
    {
        List<ReadOnlyMemory<byte>> nals = AnnexB.SplitNalUnits(stream);
        int idr = 0;
        bool spsSinceLastIdr = false;
        foreach (ReadOnlyMemory<byte> nal in nals)
        {
            switch (AnnexB.GetNalUnitType(nal.Span))
            {
                case NalUnitType.Sps:
                    Assert.True(H264SpsParser.TryParse(nal.Span, out H264SpsInfo? sps));
                    Assert.Equal(66, sps!.ProfileIdc);
                    Assert.True((sps.ConstraintFlags & 0x40) != 0, $"constraint_set1_flag missing: {sps.ProfileLevelId}");
                    Assert.Equal((width, height), (sps.Width, sps.Height));
                    spsSinceLastIdr = true;
                    break;
                case NalUnitType.IdrSlice:
                    Assert.True(H264SliceHeader.TryRead(nal.Span, out int firstMb, out int sliceType));
                    Assert.Equal(H264SliceHeader.I, sliceType % 5);
                    if (firstMb == 0)
                    {
                        Assert.True(spsSinceLastIdr, "IDR picture without a preceding SPS");
                        spsSinceLastIdr = false;
                        idr++;
                    }

                    break;
                case NalUnitType.NonIdrSlice:
                    Assert.True(H264SliceHeader.TryReadSliceType(nal.Span, out int t));
                    Assert.NotEqual(H264SliceHeader.B, t % 5);
                    break;
            }
        }

        Assert.True(idr >= minIdr, $"expected at least {minIdr} IDR pictures, got {idr}");
    }
}
