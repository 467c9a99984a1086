using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Runtime;

public class CameraLogicTests
{
    [Fact]
    public void Keyframe_gate_sends_once_in_flight_until_idr_or_timeout()
    {
        var gate = new KeyframeRequestGate(minSpacingMs: 250, inFlightTimeoutMs: 1000);
        Assert.True(gate.OnRequest(0));
        Assert.False(gate.OnRequest(10));
        Assert.False(gate.OnRequest(900));
        Assert.False(gate.PollDeferred(950));
        Assert.True(gate.OnRequest(1000)); // in-flight timed out: resend
        Assert.Equal(2, gate.SentCount);
    }

    [Fact]
    public void Keyframe_gate_defers_inside_min_spacing_and_releases_later()
    {
        var gate = new KeyframeRequestGate(minSpacingMs: 250);
        Assert.True(gate.OnRequest(0));
        gate.OnKeyframe();
        Assert.False(gate.OnRequest(100)); // deferred, not lost
        Assert.False(gate.PollDeferred(249));
        Assert.True(gate.PollDeferred(250));
        Assert.False(gate.PollDeferred(600)); // released once
        gate.OnKeyframe();
        Assert.True(gate.OnRequest(600));
        Assert.Equal(3, gate.SentCount);
    }

    [Fact]
    public void Keyframe_gate_deferred_request_is_satisfied_by_a_natural_idr()
    {
        var gate = new KeyframeRequestGate(minSpacingMs: 250);
        Assert.True(gate.OnRequest(0));
        gate.OnKeyframe();
        Assert.False(gate.OnRequest(50));
        gate.OnKeyframe(); // the encoder's own IDR
        Assert.False(gate.PollDeferred(300));
        Assert.Equal(1, gate.SentCount);
    }

    [Fact]
    public void Backoff_doubles_from_half_a_second_to_thirty_and_resets_after_stable_streaming()
    {
        var b = new RestartBackoff();
        double[] expected = [0.5, 1, 2, 4, 8, 16, 30, 30];
        foreach (double s in expected)
        {
            Assert.Equal(TimeSpan.FromSeconds(s), b.Next(TimeSpan.FromSeconds(1)));
        }

        Assert.Equal(TimeSpan.FromSeconds(0.5), b.Next(RestartBackoff.StableAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), b.Next(TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1_000_000_000UL, 33_366_666UL)]
    [InlineData(5_000_000_000UL, 4_000_000_000UL)]
    public void Capture_clock_maps_running_time_to_wall_clock(ulong baseTime, ulong runningTime)
    {
        var wallNow = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero);
        ulong clockNow = baseTime + 10_000_000_000UL; // pipeline has run 10 s
        CaptureClock c = CaptureClock.FromSample(baseTime, clockNow, wallNow);
        long nowUs = wallNow.ToUnixTimeMilliseconds() * 1000;
        Assert.Equal(nowUs - 10_000_000, c.WallAtBaseTimeUs);
        Assert.Equal(nowUs - 10_000_000 + (long)(runningTime / 1000), c.ToCaptureTimeUs(runningTime));
    }

    [Theory]
    [InlineData("gst-resource-error-quark", 3, null, CameraSourceKind.File, false, true)]
    [InlineData("gst-resource-error-quark", 3, null, CameraSourceKind.V4l2, false, false)]
    [InlineData("gst-resource-error-quark", 3, null, CameraSourceKind.File, true, false)]
    [InlineData("gst-stream-error-quark", 1, "streaming stopped, reason not-negotiated (-4)", CameraSourceKind.Test, false, true)]
    [InlineData("gst-core-error-quark", 12, null, CameraSourceKind.Rtsp, false, true)]
    [InlineData("gst-resource-error-quark", 9, null, CameraSourceKind.Rtsp, false, false)]
    [InlineData("gst-stream-error-quark", 7, null, CameraSourceKind.File, false, false)]
    public void Error_classifier(string domain, int code, string? debug, CameraSourceKind kind, bool everStreamed, bool config)
    {
        Assert.Equal(config, PipelineErrorClassifier.IsConfigurationError(new GstErrorInfo(domain, code, "x"), debug, kind, everStreamed));
    }

    [Fact]
    public void Subscriber_set_removes_one_registration_by_reference()
    {
        var set = new SubscriberSet<int>();
        Action<int> a = _ => { }, b = _ => { };
        Assert.Equal(1, set.Add(a));
        Assert.Equal(2, set.Add(b));
        Assert.Equal(3, set.Add(a));
        Assert.Equal(2, set.Remove(a));
        Assert.Same(b, set.Snapshot[0]);
        Assert.Equal(-1, set.Remove(_ => { }));
    }

    [Fact]
    public void Element_registry_finds_installed_factories_only()
    {
        var r = new GstElementRegistry();
        Assert.True(r.HasElement("x264enc"));
        Assert.True(r.HasElement("appsink"));
        Assert.False(r.HasElement("nvv4l2h264enc"));
        Assert.False(r.HasElement(""));
        Assert.Equal("x264enc", EncoderChoice.Select(r)!.Factory);
    }
}
