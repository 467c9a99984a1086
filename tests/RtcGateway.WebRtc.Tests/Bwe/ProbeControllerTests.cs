using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class ProbeControllerTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void Initial_probes_are_3x_and_6x_the_start_rate_capped_at_the_maximum()
    {
        var controller = new ProbeController();
        controller.Process(0, 300_000, 10_000_000, inAlr: false, long.MaxValue, null);
        ProbeClusterRequest[] requests = controller.Pending.ToArray();
        Assert.Equal([900_000L, 1_800_000L], requests.Select(r => r.BitsPerSecond));
        Assert.Equal([0, 1], requests.Select(r => r.ClusterId));
        Assert.All(requests, r => Assert.Equal(5, r.MinPackets));
        Assert.Equal(1_800_000 * 15 / 8 / 1000, requests[1].MinBytes);   // 15 ms at the probe rate

        var capped = new ProbeController();
        capped.Process(0, 300_000, 1_000_000, inAlr: false, long.MaxValue, null);
        Assert.Equal([900_000L, 1_000_000L], capped.Pending.ToArray().Select(r => r.BitsPerSecond));
    }

    [Fact]
    public void A_result_reaching_70_percent_of_the_probe_continues_at_twice_the_result()
    {
        var controller = new ProbeController();
        controller.Process(0, 300_000, 10_000_000, false, long.MaxValue, null);
        while (controller.TryDequeue(out _))
        {
        }

        controller.OnProbeResult(1_000_000, 1_000_000, 10_000_000, 200_000, null);  // < 0.7 · 1.8 M: no more
        Assert.Equal(0, controller.Pending.Length);
        controller.OnProbeResult(1_700_000, 1_700_000, 10_000_000, 250_000, null);  // ≥ 1.26 M: 3.4 M next
        Assert.Equal(3_400_000, controller.Pending[0].BitsPerSecond);
    }

    [Fact]
    public void Periodic_probes_at_twice_the_estimate_every_5s_when_quiet_or_application_limited()
    {
        var controller = new ProbeController();
        controller.Process(0, 1_000_000, 10_000_000, false, long.MaxValue, null);
        controller.ClearPending();

        controller.Process(4 * Second, 1_000_000, 10_000_000, false, long.MaxValue, null);
        Assert.Equal(0, controller.Pending.Length);                       // not 5 s yet
        controller.Process(5 * Second, 1_000_000, 10_000_000, false, timeSinceOveruseUs: Second, null);
        Assert.Equal(0, controller.Pending.Length);                       // over-use 1 s ago, not in ALR
        controller.Process(5 * Second + 1, 1_000_000, 10_000_000, inAlr: true, timeSinceOveruseUs: Second, null);
        Assert.Equal(2_000_000, controller.Pending[0].BitsPerSecond);
    }

    [Fact]
    public void After_a_large_drop_probes_once_at_85_percent_of_the_previous_estimate()
    {
        var controller = new ProbeController();
        controller.Process(0, 2_000_000, 10_000_000, false, 0, null);
        controller.ClearPending();
        controller.OnEstimate(2_000_000, 0);
        controller.OnEstimate(1_000_000, 100_000);                         // below 66 %
        controller.Process(3 * Second, 1_000_000, 10_000_000, false, 0, null);
        Assert.Equal(0, controller.Pending.Length);
        controller.Process(3 * Second + 100_000, 1_000_000, 10_000_000, false, 0, null);
        Assert.Equal(1_700_000, controller.Pending[0].BitsPerSecond);
    }

    [Fact]
    public void Never_probes_at_or_below_the_estimate()
    {
        var controller = new ProbeController();
        controller.Process(0, 1_000_000, 1_000_000, false, long.MaxValue, null);
        Assert.Equal(0, controller.Pending.Length);
    }
}
