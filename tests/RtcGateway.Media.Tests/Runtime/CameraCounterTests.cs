using RtcGateway.Media.Cameras;
using Xunit.Abstractions;
using static RtcGateway.Media.Tests.Runtime.RuntimeTestSupport;

namespace RtcGateway.Media.Tests.Runtime;

/// <summary>The counters a camera keeps for the metrics (<see cref="ICameraCounters"/>).</summary>
[Collection(GstRuntimeCollection.Name)]
public class CameraCounterTests(ITestOutputHelper output)
{
    [Fact]
    public void Keyframe_gate_attributes_an_idr_to_the_request_in_flight_only()
    {
        var gate = new KeyframeRequestGate(minSpacingMs: 250);
        Assert.False(gate.OnKeyframe()); // the encoder's own IDR: nothing requested
        Assert.True(gate.OnRequest(0));
        Assert.True(gate.OnKeyframe()); // the IDR the request produced
        Assert.False(gate.OnKeyframe()); // the next natural one
        Assert.False(gate.OnRequest(100)); // inside the spacing: deferred, not sent
        Assert.False(gate.OnKeyframe()); // a natural IDR satisfies the deferred request, but nothing was sent
        Assert.Equal(1, gate.SentCount);
    }

    [Fact]
    public async Task Camera_counts_the_first_idr_as_periodic_and_a_requested_one_as_forced()
    {
        CameraOptions o = Options("counters", "test", 320, 240, 30);
        o.KeyframeIntervalMs = 20_000; // no natural IDR after the first during the test
        await using Camera camera = NewCamera(o, logger: new TestOutputLogger(output, Microsoft.Extensions.Logging.LogLevel.Information));
        ICameraCounters counters = camera;
        var aus = new AuRecorder();
        using var sub = camera.SubscribeAccessUnits(aus.Add);
        Assert.True(WaitUntil(() => aus.Count >= 5), camera.Status.ToString());
        Assert.Equal(1, counters.KeyframesPeriodic);
        Assert.Equal(0, counters.KeyframesForced);
        Assert.Equal(0, counters.KeyframeRequestsSent);

        camera.RequestKeyframe();
        camera.RequestKeyframe(); // coalesced
        Assert.True(WaitUntil(() => counters.KeyframesForced == 1), $"forced {counters.KeyframesForced}");
        Assert.Equal(1, counters.KeyframeRequestsSent);
        Assert.Equal(1, counters.KeyframesPeriodic);
        Assert.Equal(0, counters.PipelineErrors);
    }
}
