using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;
using Xunit.Abstractions;
using static RtcGateway.Media.Tests.Runtime.RuntimeTestSupport;

namespace RtcGateway.Media.Tests.Runtime;

/// <summary>
/// The pre-1.22 file loop (<see cref="FileLoopMode.FlushingSeekWithOffset"/>) forced on this 1.22 machine: it does not
/// depend on how the demuxer accumulates segment bases, so it runs the same here as on JetPack 6's 1.20.
/// </summary>
[Collection(GstRuntimeCollection.Name)]
public class FileLoopFallbackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Flushing_fallback_loops_a_short_file_with_running_time_increasing()
    {
        string dir = Directory.CreateTempSubdirectory("rtcgw-loop-fb").FullName;
        string clip = Path.Combine(dir, "one-second.mp4");
        var gst = System.Diagnostics.Process.Start("gst-launch-1.0", ["-q", "videotestsrc", "num-buffers=25", "!",
            "video/x-raw,width=320,height=240,framerate=25/1", "!", "x264enc", "!", "mp4mux", "!", "filesink", "location=" + clip]);
        gst.WaitForExit();
        Assert.Equal(0, gst.ExitCode);

        CameraOptions o = Options("loopfb", "file:" + clip, 320, 240, 25);
        await using var camera = new Camera(o,
            () => PipelineDescriptionBuilder.Build(o, new GstElementRegistry()) with { LoopMode = FileLoopMode.FlushingSeekWithOffset },
            TimeProvider.System, new TestOutputLogger(output), installStallHook: false);
        var aus = new AuRecorder();
        using (camera.SubscribeAccessUnits(aus.Add))
        {
            // the clip has 25 frames: 85 access units need at least three loops
            Assert.True(WaitUntil(() => aus.Count >= 25 * 3 + 10), camera.Status.ToString());
        }

        var items = aus.Items.ToArray();
        output.WriteLine(string.Join(" ", items.Select(x => (x.Au.PtsNs / 1_000_000).ToString() + (x.Au.IsKeyframe ? "K" : ""))));
        Assert.Equal(0, camera.Status.Restarts);
        // Running time strictly increases. Inside a loop every step is one 40 ms frame and no frame of the clip is lost; at
        // each loop point the next loop starts FlushRecoveryNs (500 ms) after the flushing seek, so there is one longer
        // step there (a short freeze on the last frame). Time never moves backwards.
        int exact = 0, longSteps = 0;
        for (int i = 1; i < items.Length; i++)
        {
            long gap = items[i].Au.PtsNs - items[i - 1].Au.PtsNs;
            long frames = (gap + 20_000_000) / 40_000_000;
            Assert.True(gap > 0, $"PTS went from {items[i - 1].Au.PtsNs} to {items[i].Au.PtsNs}");
            Assert.InRange(frames, 1, 30);
            if (frames <= 4)
            {
                // inside a loop (a leaky-queue drop on a loaded host may skip a frame or two); a loop starts at a clock
                // running time, so the long step into it is not a whole number of frames
                Assert.InRange(gap - (frames * 40_000_000), -1_000_000, 1_000_000);
            }

            exact += frames == 1 ? 1 : 0;
            longSteps += frames > 4 ? 1 : 0;
        }

        int loops = items.Length / 25;
        output.WriteLine($"{exact} one-frame steps of {items.Length - 1}, {longSteps} long steps, ~{loops} loops");
        Assert.InRange(longSteps, 1, loops + 1);
        Assert.True(exact >= (items.Length - 1) * 0.85, $"only {exact} of {items.Length - 1} steps are one frame");
        // Paced in real time: PTS advances with the wall clock (no burst after a loop, no stall).
        double seconds = (items[^1].ArrivalMs - items[0].ArrivalMs) / 1000;
        double ptsSeconds = (items[^1].Au.PtsNs - items[0].Au.PtsNs) / 1e9;
        Assert.InRange(ptsSeconds / seconds, 0.9, 1.1);
        // The first access unit of every loop is an IDR (the flush restarts the encoder), so a viewer can decode at once.
        for (int i = 1; i < items.Length; i++)
        {
            if (items[i].Au.PtsNs - items[i - 1].Au.PtsNs > 4 * 40_000_000)
            {
                Assert.True(items[i].Au.IsKeyframe, $"access unit at {items[i].Au.PtsNs / 1_000_000} ms after a loop is not an IDR");
            }
        }
        Directory.Delete(dir, true);
    }
}
