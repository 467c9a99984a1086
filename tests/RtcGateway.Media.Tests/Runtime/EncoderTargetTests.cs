using RtcGateway.Media.Cameras;
using Xunit.Abstractions;
using static RtcGateway.Media.Tests.Runtime.RuntimeTestSupport;

namespace RtcGateway.Media.Tests.Runtime;

/// <summary>
/// The encoder follows <see cref="ICamera.SetTargetBitrate"/> in a real pipeline (x264enc on this machine): output bitrate
/// measured over 1-s windows of running time before and after a change, and the picture steps of DegradeBelowKbps.
/// </summary>
[Collection(GstRuntimeCollection.Name)]
public class EncoderTargetTests(ITestOutputHelper output)
{
    private const long Second = 1_000_000_000;

    [Fact]
    public async Task Output_bitrate_follows_the_target_within_a_second_on_a_real_clip()
    {
        CameraOptions o = Options("rate", "file:" + Clip("bottle-detection.mp4"), 640, 360, 30);
        o.BitrateKbps = 1500;
        o.MinBitrateKbps = 300;
        await using Camera camera = NewCamera(o, logger: new TestOutputLogger(output, Microsoft.Extensions.Logging.LogLevel.Information));
        var aus = new AuRecorder();
        using IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count > 0), camera.Status.ToString());
        long start = aus.Items.First().Au.PtsNs;
        Assert.True(WaitUntil(() => LastPts(aus) >= start + 4 * Second), "no 4 s of video");
        double[] before = Windows(aus, start + Second, 3);

        long change = LastPts(aus);
        Assert.Equal(400, camera.SetTargetBitrate(400));
        Assert.True(WaitUntil(() => LastPts(aus) >= change + 4 * Second), "no 4 s of video after the change");
        double[] after = Windows(aus, change + Second, 3);
        Assert.Equal(400, camera.Status.EncoderBitrateKbps);
        using (global::RtcGateway.Media.Gst.GstObjectHandle encoder = camera.CurrentPipelineForTest!.TryGetElement("encoder")!)
        {
            Assert.Equal(400u, global::RtcGateway.Media.Gst.GstProperty.TryGetUInt(encoder, "bitrate")); // x264enc: kbit/s
            Assert.Null(global::RtcGateway.Media.Gst.GstProperty.TryGetUInt(encoder, "no-such-property"));
            Assert.False(global::RtcGateway.Media.Gst.GstProperty.TrySetUInt(encoder, "no-such-property", 1));
        }


        long raise = LastPts(aus);
        camera.SetTargetBitrate(1500);
        Assert.True(WaitUntil(() => LastPts(aus) >= raise + 4 * Second), "no 4 s of video after raising");
        double[] raised = Windows(aus, raise + Second, 3);

        output.WriteLine($"1500 kbit/s: {string.Join(", ", before.Select(k => $"{k:F0}"))}; " +
                         $"400 kbit/s (from 1 s after the change): {string.Join(", ", after.Select(k => $"{k:F0}"))}; " +
                         $"back to 1500: {string.Join(", ", raised.Select(k => $"{k:F0}"))} kbit/s");
        // The clip fills most of 1500 kbit/s; after the cut every 1-s window from 1 s on is near 400 (VBV ~100 ms).
        Assert.True(before.Average() > 1000, $"before: {before.Average():F0} kbit/s");
        Assert.All(after, k => Assert.InRange(k, 400 * 0.6, 400 * 1.3));
        Assert.True(raised.Average() > 1000, $"raised: {raised.Average():F0} kbit/s");
    }

    [Fact]
    public async Task Target_is_clamped_to_the_configured_bounds_and_a_target_set_before_start_is_applied_at_start()
    {
        CameraOptions o = Options("clamp", "test", 320, 240, 30);
        o.BitrateKbps = 1000;
        o.MinBitrateKbps = 300;
        await using Camera camera = NewCamera(o);
        Assert.Equal(1000, camera.TargetBitrateKbps);
        Assert.Equal(300, camera.SetTargetBitrate(10));
        Assert.Equal(1000, camera.SetTargetBitrate(50_000));
        Assert.Equal(700, camera.SetTargetBitrate(700));
        Assert.Equal(700, camera.Status.TargetBitrateKbps);
        // Not running: nothing applied to an encoder yet; the configured value stands.
        Assert.Equal(1000, camera.Status.EncoderBitrateKbps);

        var aus = new AuRecorder();
        using IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => camera.Status.EncoderBitrateKbps == 700), camera.Status.ToString());
    }

    [Fact]
    public async Task A_restarted_pipeline_gets_the_current_target_at_once()
    {
        CameraOptions o = Options("restart", "file:" + Clip("car-detection.mp4"), 768, 432, 13);
        o.StallTimeoutMs = 600;
        await using Camera camera = NewCamera(o, stallHook: true);
        var aus = new AuRecorder();
        using IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Streaming && aus.Count > 5), camera.Status.ToString());
        camera.SetTargetBitrate(450);
        Assert.True(WaitUntil(() => camera.Status.EncoderBitrateKbps == 450), camera.Status.ToString());

        camera.SimulateStall = true;
        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Restarting), camera.Status.ToString());
        int countAtStall = aus.Count;
        camera.SimulateStall = false;
        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Streaming && aus.Count > countAtStall + 3), camera.Status.ToString());

        // The new pipeline was described with BitrateKbps (1000); its first poll set the target again.
        Assert.Equal(450, camera.Status.EncoderBitrateKbps);
        using global::RtcGateway.Media.Gst.GstObjectHandle encoder = camera.CurrentPipelineForTest!.TryGetElement("encoder")!;
        Assert.Equal(450u, global::RtcGateway.Media.Gst.GstProperty.TryGetUInt(encoder, "bitrate"));
    }

    [Fact]
    public async Task MaintainFramerate_halves_width_and_height_below_the_threshold_and_recovers_with_hysteresis()
    {
        CameraOptions o = Options("degr", "test", 640, 360, 30);
        o.BitrateKbps = 1500;
        o.MinBitrateKbps = 300;
        o.DegradeBelowKbps = 800;
        await using Camera camera = NewCamera(o, logger: new TestOutputLogger(output, Microsoft.Extensions.Logging.LogLevel.Information));
        var aus = new AuRecorder();
        using IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Items.Any(x => x.Au.Sps is { Width: 640, Height: 360 })), camera.Status.ToString());

        int mark = aus.Count;
        camera.SetTargetBitrate(500);
        Assert.True(WaitUntil(() => aus.Items.Skip(mark).Any(x => x.Au.Sps is { Width: 320, Height: 180 })), "no 320x180 SPS");
        var firstSmall = aus.Items.Skip(mark).First(x => x.Au.Sps is { Width: 320 });
        Assert.True(firstSmall.Au.IsKeyframe, "the new size starts with an IDR");
        Assert.Equal(DegradationLevel.HalfResolution, camera.Status.Degradation);
        Assert.Equal((320, 180), (camera.Status.Width, camera.Status.Height));
        Assert.True(WaitUntil(() => LastPts(aus) >= firstSmall.Au.PtsNs + 2 * Second));
        double fpsSmall = Rate(aus, firstSmall.Au.PtsNs + Second / 2, Second);

        // 900 is above the threshold but below 1.3 × 800: stays small (the 2 s dwell has passed: hysteresis alone holds it).
        camera.SetTargetBitrate(900);
        Thread.Sleep(1000);
        Assert.Equal(DegradationLevel.HalfResolution, camera.Status.Degradation);
        Assert.Equal(320, aus.Items.Last().Au.Sps?.Width);

        mark = aus.Count;
        camera.SetTargetBitrate(1100);
        Assert.True(WaitUntil(() => aus.Items.Skip(mark).Any(x => x.Au.Sps is { Width: 640, Height: 360 })), "no recovery to 640x360");
        Assert.Equal(DegradationLevel.None, camera.Status.Degradation);
        Assert.True(WaitUntil(() => camera.Status.Width == 640), camera.Status.ToString());
        output.WriteLine($"frame rate at half size: {fpsSmall:F1} fps");
        Assert.InRange(fpsSmall, 25, 35); // MaintainFramerate keeps the rate
    }

    [Fact]
    public async Task MaintainResolution_halves_the_frame_rate_below_the_threshold_and_keeps_the_size()
    {
        CameraOptions o = Options("degrate", "test", 640, 360, 30);
        o.BitrateKbps = 1500;
        o.MinBitrateKbps = 300;
        o.DegradeBelowKbps = 800;
        o.DegradationPreference = DegradationPreference.MaintainResolution;
        await using Camera camera = NewCamera(o, logger: new TestOutputLogger(output, Microsoft.Extensions.Logging.LogLevel.Information));
        var aus = new AuRecorder();
        using IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count > 0), camera.Status.ToString());
        long start = aus.Items.First().Au.PtsNs;
        Assert.True(WaitUntil(() => LastPts(aus) >= start + 2 * Second));
        double fpsFull = Rate(aus, start + Second, Second);

        long change = LastPts(aus);
        camera.SetTargetBitrate(500);
        Assert.True(WaitUntil(() => LastPts(aus) >= change + 3 * Second));
        double fpsHalf = Rate(aus, change + Second, 2 * Second);
        Assert.Equal(DegradationLevel.HalfFramerate, camera.Status.Degradation);

        Thread.Sleep(500); // past the 2 s dwell
        long back = LastPts(aus);
        camera.SetTargetBitrate(1500);
        Assert.True(WaitUntil(() => LastPts(aus) >= back + 3 * Second));
        double fpsBack = Rate(aus, back + Second, 2 * Second);
        output.WriteLine($"frame rate {fpsFull:F1} → {fpsHalf:F1} → {fpsBack:F1} fps");
        Assert.InRange(fpsFull, 25, 35);
        Assert.InRange(fpsHalf, 13, 17);
        Assert.InRange(fpsBack, 25, 35);
        Assert.All(aus.Items.Where(x => x.Au.Sps is not null), x => Assert.Equal(640, x.Au.Sps!.Width));
    }

    [Fact]
    public async Task Default_test_source_fills_its_configured_rate_at_720p30()
    {
        // The defaults: 1280x720 @ 30, 2,500 kbit/s, scrolling SMPTE bars (the old moving ball made ~180-250 kbit/s).
        var o = new CameraOptions { Id = "fill", LingerMs = 0 };
        Assert.Empty(CameraOptionsValidator.Validate([o], _ => true));
        await using Camera camera = NewCamera(o);
        var aus = new AuRecorder();
        using IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count > 0), camera.Status.ToString());
        long start = aus.Items.First().Au.PtsNs;
        Assert.True(WaitUntil(() => LastPts(aus) >= start + 11 * Second, TimeSpan.FromSeconds(30)), "no 11 s of video");
        double[] windows = Windows(aus, start + Second, 10);
        output.WriteLine($"default test source, 10 s at 1280x720@30, 2500 kbit/s: {windows.Average():F0} kbit/s " +
                         $"(1-s windows {string.Join(", ", windows.Select(k => $"{k:F0}"))})");
        Assert.InRange(windows.Average(), 2500 * 0.85, 2500 * 1.15);
    }

    private static long LastPts(AuRecorder aus) => aus.Items.LastOrDefault().Au?.PtsNs ?? 0;

    /// <summary>kbit/s in <paramref name="count"/> consecutive 1-s windows of running time from <paramref name="fromNs"/>.</summary>
    private static double[] Windows(AuRecorder aus, long fromNs, int count)
    {
        var items = aus.Items.ToArray();
        return Enumerable.Range(0, count).Select(i =>
        {
            long lo = fromNs + i * Second, hi = lo + Second;
            return items.Where(x => x.Au.PtsNs >= lo && x.Au.PtsNs < hi).Sum(x => (long)x.Au.Data.Length) * 8 / 1000.0;
        }).ToArray();
    }

    /// <summary>Frames per second in [fromNs, fromNs + lengthNs) of running time.</summary>
    private static double Rate(AuRecorder aus, long fromNs, long lengthNs) =>
        aus.Items.Count(x => x.Au.PtsNs >= fromNs && x.Au.PtsNs < fromNs + lengthNs) * (double)Second / lengthNs;
}
