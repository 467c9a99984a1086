using Microsoft.Extensions.Time.Testing;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;
using Xunit.Abstractions;
using static RtcGateway.Media.Tests.Runtime.RuntimeTestSupport;

namespace RtcGateway.Media.Tests.Runtime;

[Collection(GstRuntimeCollection.Name)]
public class CameraLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RequestKeyframe_yields_an_idr_within_two_frame_intervals_and_is_coalesced()
    {
        CameraOptions o = Options("kf", "test", 320, 240, 30);
        o.KeyframeIntervalMs = 20_000; // no natural IDR during the test
        await using Camera camera = NewCamera(o, logger: new TestOutputLogger(output, Microsoft.Extensions.Logging.LogLevel.Information));
        var aus = new AuRecorder();
        using var sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count >= 30), camera.Status.ToString());
        Assert.Single(aus.Items, x => x.Au.IsKeyframe); // only the first

        for (int round = 0; round < 3; round++)
        {
            int before = aus.Count;
            int sentBefore = camera.KeyframeRequestsSent;
            double requestedAt = aus.Items.Last().ArrivalMs;
            camera.RequestKeyframe();
            camera.RequestKeyframe(); // coalesced: one in flight
            camera.RequestKeyframe();
            Assert.Equal(sentBefore + 1, camera.KeyframeRequestsSent);
            Assert.True(WaitUntil(() => aus.Items.Skip(before).Any(x => x.Au.IsKeyframe)), $"no IDR after request {round}");
            var after = aus.Items.Skip(before).ToArray();
            int index = Array.FindIndex(after, x => x.Au.IsKeyframe);
            output.WriteLine($"round {round}: IDR is AU #{index + 1} after the request, {after[index].ArrivalMs - requestedAt:F0} ms");
            Assert.True(index < 2, $"IDR was AU #{index + 1} after the request");
            Assert.Contains(Describe(after[index].Au), n => n.NalType == 7); // all-headers
            Thread.Sleep(o.KeyframeMinSpacingMs + 50); // respect the min spacing between rounds
        }
    }

    [Fact]
    public async Task Stalled_source_is_restarted_and_delivers_again()
    {
        CameraOptions o = Options("stall", "file:" + Clip("car-detection.mp4"), 768, 432, 13);
        o.StallTimeoutMs = 600;
        await using Camera camera = NewCamera(o, stallHook: true, logger: new TestOutputLogger(output, Microsoft.Extensions.Logging.LogLevel.Information));
        var states = new List<CameraState>();
        camera.StatusChanged += c => { lock (states) { states.Add(c.Status.State); } };
        var aus = new AuRecorder();
        using var sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Streaming && aus.Count > 5), camera.Status.ToString());

        camera.SimulateStall = true; // pad probe on pace:src drops every buffer: nothing reaches the appsinks
        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Restarting), camera.Status.ToString());
        Assert.Contains("stalled", camera.Status.LastError);
        int countAtStall = aus.Count;
        camera.SimulateStall = false;

        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Streaming && aus.Count > countAtStall + 5), camera.Status.ToString());
        Assert.True(camera.Status.Restarts >= 1);
        var resumed = aus.Items.Skip(countAtStall).First().Au;
        Assert.True(resumed.IsKeyframe); // a new run starts with an IDR
        Assert.Equal(0, resumed.Sequence);
        lock (states)
        {
            Assert.Equal([CameraState.Starting, CameraState.Streaming, CameraState.Restarting], states.Take(3));
            Assert.Equal(CameraState.Streaming, states.Last());
        }
    }

    [Fact]
    public async Task Shutdown_reaches_null_within_two_seconds()
    {
        CameraOptions o = Options("stop", "test", 640, 360, 30);
        Camera camera = NewCamera(o);
        var aus = new AuRecorder();
        IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        using var jpeg = camera.SubscribeJpeg(_ => { });
        Assert.True(WaitUntil(() => aus.Count > 10));

        var started = DateTime.UtcNow;
        await camera.DisposeAsync();
        double ms = (DateTime.UtcNow - started).TotalMilliseconds;
        output.WriteLine($"dispose took {ms:F0} ms");
        Assert.InRange(ms, 0, 2000);
        Assert.Equal(CameraState.Idle, camera.Status.State);
        Assert.Null(camera.CurrentPipelineForTest);
        Assert.Equal(GstState.Null, camera.LastRunFinalState);
        int count = aus.Count;
        Thread.Sleep(200);
        Assert.Equal(count, aus.Count); // nothing after shutdown
        sub.Dispose();
    }

    [Fact]
    public async Task Last_consumer_leaving_stops_after_linger_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        CameraOptions o = Options("linger", "test", 320, 240, 30);
        o.LingerMs = 5000;
        await using Camera camera = NewCamera(o, time);
        var aus = new AuRecorder();
        IDisposable sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count > 3), camera.Status.ToString());
        sub.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(4999));
        long delivered = camera.Status.AccessUnitsDelivered; // counts with no subscriber too
        Assert.True(WaitUntil(() => camera.Status.AccessUnitsDelivered > delivered + 3, TimeSpan.FromSeconds(5)), "stopped before the linger time");
        Assert.Equal(CameraState.Streaming, camera.Status.State);

        // a consumer returning inside the linger keeps the same run
        using (camera.SubscribeJpeg(_ => { }))
        {
            time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(CameraState.Streaming, camera.Status.State);
        }

        time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(CameraState.Streaming, camera.Status.State);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(WaitUntil(() => camera.Status.State == CameraState.Idle, TimeSpan.FromSeconds(5)), camera.Status.ToString());
        Assert.Equal(GstState.Null, camera.LastRunFinalState);
    }

    [Fact]
    public async Task Bad_configurations_fail_only_their_camera()
    {
        var cameras = new List<CameraOptions>
        {
            Options("good", "test", 320, 240, 30),
            Options("nofile", "file:/nonexistent/clip.mp4", 320, 240, 30),
            Options("scheme", "bogus:thing", 320, 240, 30),
            Options("width", "test", 0, 240, 30),
        };
        await using var manager = new CameraManager(cameras, new GstElementRegistry(), TimeProvider.System);
        Assert.Equal(4, manager.Cameras.Count);
        Assert.True(manager.TryGet("good", out ICamera? good));
        var aus = new AuRecorder();
        using var sub = good!.SubscribeAccessUnits(aus.Add);
        foreach (string id in new[] { "nofile", "scheme", "width" })
        {
            Assert.True(manager.TryGet(id, out ICamera? bad));
            using var badSub = bad!.SubscribeAccessUnits(aus.Add);
            Assert.Equal(CameraState.Failed, bad.Status.State);
            Assert.Contains("camera " + id, bad.Status.LastError);
            output.WriteLine(bad.Status.LastError);
        }

        Assert.True(WaitUntil(() => aus.Count > 5), good.Status.ToString());
        Assert.Equal(CameraState.Streaming, good.Status.State);

        // runtime errors (past validation) fail the camera too: a file that is missing when the pipeline starts, and a
        // description naming an element that does not exist
        CameraOptions missing = Options("vanished", "file:/nonexistent/vanished.mp4", 320, 240, 30);
        await using Camera vanished = NewCamera(missing);
        CameraOptions noElement = Options("noelem", "test", 320, 240, 30);
        await using Camera noElem = NewCamera(noElement, "videotestsrc ! no_such_encoder_element name=encoder ! appsink name=h264sink");
        CameraOptions caps = Options("caps", "test", 320, 240, 30);
        await using Camera impossible = NewCamera(caps,
            "videotestsrc ! video/x-raw,format=I420,width=320,height=240 ! capsfilter caps=video/x-raw,format=RGB ! x264enc name=encoder ! appsink name=h264sink");
        using var s1 = vanished.SubscribeAccessUnits(_ => { });
        using var s2 = noElem.SubscribeAccessUnits(_ => { });
        using var s3 = impossible.SubscribeAccessUnits(_ => { });
        Assert.True(WaitUntil(() => impossible.Status.State == CameraState.Failed), impossible.Status.ToString());
        Assert.Contains("camera caps", impossible.Status.LastError);
        Assert.Equal(0, impossible.Status.Restarts);
        output.WriteLine(impossible.Status.LastError);
        Assert.True(WaitUntil(() => vanished.Status.State == CameraState.Failed), vanished.Status.ToString());
        Assert.True(WaitUntil(() => noElem.Status.State == CameraState.Failed), noElem.Status.ToString());
        Assert.Contains("camera vanished", vanished.Status.LastError);
        Assert.Contains("camera noelem", noElem.Status.LastError);
        Assert.Contains("no_such_encoder_element", noElem.Status.LastError);
        output.WriteLine(vanished.Status.LastError);
        output.WriteLine(noElem.Status.LastError);
        Assert.Equal(CameraState.Streaming, good.Status.State);
    }

    [Fact]
    public async Task Throwing_subscriber_does_not_stop_the_camera_or_others()
    {
        await using Camera camera = NewCamera(Options("throw", "test", 320, 240, 30));
        var aus = new AuRecorder();
        int thrown = 0;
        using var bad = camera.SubscribeAccessUnits(_ => { Interlocked.Increment(ref thrown); throw new InvalidOperationException("boom"); });
        using var good = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count > 10 && Volatile.Read(ref thrown) > 10));
        Assert.Equal(CameraState.Streaming, camera.Status.State);
        Assert.Equal(0, camera.Status.Restarts);
    }
}
