using RtcGateway.Media.Cameras;
using Xunit.Abstractions;
using static RtcGateway.Media.Tests.Runtime.RuntimeTestSupport;

namespace RtcGateway.Media.Tests.Runtime;

[Collection(GstRuntimeCollection.Name)]
public class CameraClipTests(ITestOutputHelper output)
{
    // Framerate 0 = the clip's own rate: no videorate, so car plays at 12.5 fps and bottle at 29.83 fps, and IDRs are
    // forced every KeyframeIntervalMs of running time (the encoder cannot count frames at an unknown rate).
    public static TheoryData<string, int, int, double, int> Clips => new()
    {
        { "car-detection.mp4", 768, 432, 12.5, 0 },
        { "bottle-detection.mp4", 640, 360, 29.83, 0 },
    };

    [Fact]
    public async Task Both_clips_stream_at_frame_rate_idr_first_no_b_frames_idr_spacing_and_jpeg_size()
    {
        var cameras = new List<(Camera Camera, AuRecorder Aus, List<JpegFrame> Jpegs, double ClipFps, int Fps)>();
        foreach (object[] row in Clips)
        {
            var (clip, w, h, clipFps, fps) = ((string)row[0], (int)row[1], (int)row[2], (double)row[3], (int)row[4]);
            CameraOptions o = Options(clip, "file:" + Clip(clip), w, h, fps);
            Camera camera = NewCamera(o);
            var aus = new AuRecorder();
            var jpegs = new List<JpegFrame>();
            camera.SubscribeAccessUnits(aus.Add);
            camera.SubscribeJpeg(j => { lock (jpegs) { jpegs.Add(j); } });
            cameras.Add((camera, aus, jpegs, clipFps, fps));
        }

        try
        {
            // both cameras run in parallel; warm up 1 s after the first AU, then a 10 s window
            Assert.True(WaitUntil(() => cameras.All(c => c.Aus.Count > 0)), string.Join(", ", cameras.Select(c => c.Camera.Status)));
            Thread.Sleep(11_000);

            foreach (var (camera, aus, jpegs, clipFps, fps) in cameras)
            {
                var items = aus.Items.ToArray();
                CameraStatus status = camera.Status;
                output.WriteLine($"{camera.Id}: {status}");
                Assert.Equal(CameraState.Streaming, status.State);
                Assert.Equal(0, status.Restarts);
                Assert.Equal(camera.Options.Width, status.Width);
                Assert.Equal(camera.Options.Height, status.Height);

                // first AU: SPS, PPS, then IDR
                var first = Describe(items[0].Au);
                Assert.True(items[0].Au.IsKeyframe);
                int sps = first.FindIndex(n => n.NalType == 7), pps = first.FindIndex(n => n.NalType == 8), idr = first.FindIndex(n => n.NalType == 5);
                Assert.True(sps >= 0 && pps > sps && idr > pps, string.Join(",", first));
                Assert.NotNull(items[0].Au.Sps);
                Assert.Equal(camera.Options.Width, items[0].Au.Sps!.Width);

                // no B slices anywhere; PTS (running time) strictly increasing; capture times increasing
                for (int i = 0; i < items.Length; i++)
                {
                    Assert.DoesNotContain(Describe(items[i].Au), n => n.SliceType >= 0 && n.SliceType % 5 == 1);
                    if (i > 0)
                    {
                        Assert.True(items[i].Au.PtsNs > items[i - 1].Au.PtsNs);
                        Assert.True(items[i].Au.CaptureTimeUs > items[i - 1].Au.CaptureTimeUs);
                        Assert.Equal(items[i - 1].Au.Sequence + 1, items[i].Au.Sequence);
                    }
                }

                // capture time is wall clock: within 2 s of now
                long nowUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
                Assert.InRange(items[^1].Au.CaptureTimeUs, nowUs - 2_000_000, nowUs + 100_000);

                // frame rate over the last 10 s of arrivals
                double end = items[^1].ArrivalMs, start = end - 10_000;
                var window = items.Where(x => x.ArrivalMs >= start).ToArray();
                double measured = (window.Length - 1) * 1000.0 / (window[^1].ArrivalMs - window[0].ArrivalMs);
                double ptsFps = (window.Length - 1) * 1e9 / (window[^1].Au.PtsNs - window[0].Au.PtsNs);
                output.WriteLine($"{camera.Id}: {measured:F2} fps by arrival, {ptsFps:F2} by PTS over 10 s, status {status.Framerate:F2} (clip {clipFps})");
                Assert.InRange(measured, clipFps * 0.95, clipFps * 1.05);
                Assert.InRange(ptsFps, clipFps * 0.95, clipFps * 1.05);
                // CameraStatus.Framerate (→ /api/cameras framerate) is the measured rate, not a configured integer.
                Assert.InRange(status.Framerate, clipFps * 0.95, clipFps * 1.05);

                // IDR spacing = KeyframeIntervalMs, measured on PTS: the encoder keys the first frame at or after each
                // boundary (±1 frame); on a loaded host the leaky queue before the encoder may drop that frame (±2 frames).
                var idrPts = items.Where(x => x.Au.IsKeyframe).Select(x => x.Au.PtsNs).ToArray();
                output.WriteLine($"{camera.Id}: IDR gaps ms " + string.Join(" ", idrPts.Skip(1).Select((p, i) => ((p - idrPts[i]) / 1_000_000).ToString())));
                Assert.True(idrPts.Length >= 9, $"only {idrPts.Length} IDRs");
                double frameMs = 1000.0 / clipFps;
                for (int i = 1; i < idrPts.Length; i++)
                {
                    double gapMs = (idrPts[i] - idrPts[i - 1]) / 1e6;
                    Assert.InRange(gapMs, camera.Options.KeyframeIntervalMs - (2 * frameMs) - 1, camera.Options.KeyframeIntervalMs + (2 * frameMs) + 1);
                }

                // every IDR carries SPS/PPS (all-headers)
                Assert.All(items.Where(x => x.Au.IsKeyframe), x => Assert.Contains(Describe(x.Au), n => n.NalType == 7));

                // JPEG frames at the configured size, read from the SOF0 marker
                lock (jpegs)
                {
                    Assert.True(jpegs.Count > clipFps * 5, $"{jpegs.Count} JPEG frames");
                    foreach (JpegFrame j in jpegs)
                    {
                        Assert.Equal((320, 180), JpegSize(j.Data.Span));
                        Assert.Equal((320, 180), (j.Width, j.Height));
                    }
                }
            }
        }
        finally
        {
            await Task.WhenAll(cameras.Select(c => c.Camera.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Short_file_loops_seamlessly_with_segment_seeks()
    {
        // A 1 s clip (25 frames at 25 fps) made here, so several loops fit in a short test.
        string dir = Directory.CreateTempSubdirectory("rtcgw-loop").FullName;
        string clip = Path.Combine(dir, "one-second.mp4");
        var gst = System.Diagnostics.Process.Start("gst-launch-1.0", ["-q", "videotestsrc", "num-buffers=25", "!",
            "video/x-raw,width=320,height=240,framerate=25/1", "!", "x264enc", "!", "mp4mux", "!", "filesink", "location=" + clip]);
        gst.WaitForExit();
        Assert.Equal(0, gst.ExitCode);

        CameraOptions o = Options("loop", "file:" + clip, 320, 240, 25);
        await using Camera camera = NewCamera(o, logger: new TestOutputLogger(output));
        var aus = new AuRecorder();
        using (camera.SubscribeAccessUnits(aus.Add))
        {
            Assert.True(WaitUntil(() => aus.Count >= 25 * 3 + 10), camera.Status.ToString());
        }

        var items = aus.Items.ToArray();
        Assert.Equal(0, camera.Status.Restarts);
        output.WriteLine(string.Join(" ", items.Select(x => (x.Au.PtsNs / 1_000_000).ToString() + (x.Au.IsKeyframe ? "K" : ""))));
        // Timestamps stay on the 40 ms frame grid and keep increasing across the loop points. The leaky queue before the
        // encoder may drop a frame when the host is loaded (a gap of 2 or 3 frames), never move time backwards or off-grid.
        int exact = 0;
        for (int i = 1; i < items.Length; i++)
        {
            long gap = items[i].Au.PtsNs - items[i - 1].Au.PtsNs;
            long frames = (gap + 20_000_000) / 40_000_000;
            Assert.InRange(frames, 1, 4);
            Assert.InRange(gap - (frames * 40_000_000), -1_000_000, 1_000_000);
            exact += frames == 1 ? 1 : 0;
        }

        Assert.True(exact >= (items.Length - 1) * 0.9, $"only {exact} of {items.Length - 1} steps are one frame");

        double seconds = (items[^1].ArrivalMs - items[0].ArrivalMs) / 1000;
        Assert.InRange((items.Length - 1) / seconds, 25 * 0.9, 25 * 1.1);
        Directory.Delete(dir, true);
    }
}
