using RtcGateway.Media.Gst;

namespace RtcGateway.Media.Tests.Runtime;

public class GstNativeTests
{
    /// <summary>
    /// Explicit requirement of this test project: the build machine has GStreamer ≥ 1.22 (Debian 12), because the runtime
    /// tests exercise the 1.22 paths for real (segment-seek looping, CameraClipTests). The gateway itself also runs on
    /// 1.20 (JetPack 6): that path is covered by GstFeaturesTests (injected versions), FileLoopFallbackTests (the
    /// fallback forced here) and NativeSymbolCompatibilityTests (every P/Invoke exists in 1.20).
    /// </summary>
    [Fact]
    public void Initializes_and_reports_1_22_or_later()
    {
        GstRuntime.EnsureInitialized();
        GstRuntime.EnsureInitialized();
        string[] parts = GstRuntime.Version.Split('.');
        Assert.Equal("1", parts[0]);
        Assert.True(int.Parse(parts[1]) >= 22,
            $"these tests need GStreamer >= 1.22 on the build machine (scripts/install-deps test on Debian 12), found {GstRuntime.Version}");
        Assert.Equal(GstRuntime.Version, GstRuntime.RuntimeVersion.ToString());
    }

    [Fact]
    public void Parse_error_throws_with_gerror()
    {
        var ex = Assert.Throws<GstException>(() => GstPipeline.Parse("videotestsrc ! no_such_element_xyz ! fakesink"));
        Assert.Contains("no_such_element_xyz", ex.Message);
        Assert.Equal("gst_parse_error", ex.Domain); // GST_PARSE_ERROR quark name in 1.22
    }

    [Fact]
    public void Appsink_samples_have_struct_layout_pts_and_mapped_size()
    {
        // videotestsrc at 25 fps: buffer n has PTS n * 40 ms; I420 320x240 = 115200 bytes. This proves the GstBuffer.pts
        // offset and the GstMapInfo layout used by the bindings.
        using var p = GstPipeline.Parse(
            "videotestsrc num-buffers=5 ! video/x-raw,format=I420,width=320,height=240,framerate=25/1 ! appsink name=s sync=false");
        using var sink = new GstAppSink(p.TryGetElement("s")!);
        Assert.NotEqual(GstStateChangeReturn.Failure, p.SetState(GstState.Playing));
        for (int n = 0; n < 5; n++)
        {
            using GstSample s = sink.TryPull(TimeSpan.FromSeconds(5));
            Assert.False(s.IsNull);
            Assert.Equal((ulong)n * 40_000_000UL, s.Pts);
            Assert.Equal((ulong)n * 40_000_000UL, s.RunningTime);
            Assert.Equal(320 * 240 * 3 / 2, s.CopyData()!.Length);
            var (w, h, fn, fd) = s.VideoInfo();
            Assert.Equal((320, 240, 25, 1), (w, h, fn, fd));
        }

        Assert.True(sink.TryPull(TimeSpan.FromSeconds(5)).IsNull);
        Assert.True(sink.IsEos);
        GstBusMessage? eos = p.PopMessage(TimeSpan.FromSeconds(5), GstMessageType.Eos | GstMessageType.Error);
        Assert.NotNull(eos);
        Assert.Equal(GstMessageType.Eos, eos!.Type);
    }

    [Fact]
    public void Bus_error_carries_domain_code_and_source_name()
    {
        using var p = GstPipeline.Parse("filesrc name=src location=/nonexistent/nope.mp4 ! fakesink");
        p.SetState(GstState.Playing);
        GstBusMessage? m = p.PopMessage(TimeSpan.FromSeconds(5), GstMessageType.Error);
        Assert.NotNull(m);
        Assert.Equal("src", m!.SourceName);
        Assert.Equal("gst-resource-error-quark", m.Error!.Domain);
        Assert.Equal(3, m.Error.Code); // GST_RESOURCE_ERROR_NOT_FOUND
    }

    [Fact]
    public void Valve_drop_property_and_probe_drop_block_buffers()
    {
        using var p = GstPipeline.Parse(
            "videotestsrc is-live=true ! video/x-raw,width=64,height=48,framerate=50/1 ! identity name=pace ! valve name=v drop=true ! appsink name=s sync=false");
        using var sink = new GstAppSink(p.TryGetElement("s")!);
        using var valve = p.TryGetElement("v")!;
        p.SetState(GstState.Playing);
        Assert.True(sink.TryPull(TimeSpan.FromMilliseconds(300)).IsNull);
        GstPipeline.SetBoolean(valve, "drop", false);
        using (GstSample s = sink.TryPull(TimeSpan.FromSeconds(5)))
        {
            Assert.False(s.IsNull);
        }

        int seen = 0;
        using var pace = p.TryGetElement("pace")!;
        using (GstBufferProbe.Attach(pace, "src", (_, _) => { Interlocked.Increment(ref seen); return false; }))
        {
            // drain what was queued before the probe, then nothing more arrives
            while (!sink.TryPull(TimeSpan.FromMilliseconds(200)).IsNull)
            {
            }

            Assert.True(sink.TryPull(TimeSpan.FromMilliseconds(300)).IsNull);
            Assert.True(Volatile.Read(ref seen) > 0);
        }

        using GstSample again = sink.TryPull(TimeSpan.FromSeconds(5));
        Assert.False(again.IsNull);
        p.SetState(GstState.Null);
        Assert.Equal(GstStateChangeReturn.Success, p.GetState(TimeSpan.Zero, out GstState st, out _));
        Assert.Equal(GstState.Null, st);
    }
}
