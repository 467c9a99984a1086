using RtcGateway.WebRtc.Bwe;
using Xunit.Abstractions;

namespace RtcGateway.WebRtc.Tests.Bwe;

/// <summary>
/// The estimator against a simulated bottleneck (<see cref="BottleneckLinkSimulation"/>), fake time: the targets of
/// issue 11 item 2. Each test prints its measured figures.
/// </summary>
public sealed class BottleneckSimulationTests(ITestOutputHelper output)
{
    private const long Second = 1_000_000;
    private const long MinBps = 50_000;
    private const long MaxBps = 10_000_000;

    [Theory]
    [InlineData(50_000)]
    [InlineData(100_000)]
    public void Converges_from_300kbps_to_within_20_percent_of_a_1Mbps_link_in_under_3s(long feedbackIntervalUs)
    {
        var sim = new BottleneckLinkSimulation(300_000, MinBps, MaxBps, capacityBps: 1_000_000) { FeedbackIntervalUs = feedbackIntervalUs };
        sim.RunUntil(10 * Second);

        long? settled = sim.SettledWithinFrom(800_000, 1_200_000, untilUs: 10 * Second);
        output.WriteLine($"settled within ±20 % of 1 Mbit/s from {settled / 1000.0} ms (and stayed there to 10 s); counters {sim.Estimator.Counters}");
        Assert.NotNull(settled);
        Assert.True(settled < 3 * Second, $"settled at {settled} µs");
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(100_000)]
    public void Backs_off_below_the_new_capacity_within_1s_after_a_step_from_2_5_to_1Mbps(long feedbackIntervalUs)
    {
        var sim = new BottleneckLinkSimulation(1_000_000, MinBps, MaxBps, capacityBps: 2_500_000) { FeedbackIntervalUs = feedbackIntervalUs };
        sim.RunUntil(10 * Second);
        long before = sim.Estimator.TargetBitrateBps;
        sim.CapacityBps = 1_000_000;
        sim.RunUntil(20 * Second);

        long? below = sim.FirstTime(10 * Second, bps => bps < 1_000_000);
        long lowest = sim.TargetsBetween(10 * Second, 20 * Second).Min();
        double meanAfter = sim.TargetsBetween(15 * Second, 20 * Second).Average();
        output.WriteLine($"target before the step {before}; below 1 Mbit/s {(below - (10 * Second)) / 1000.0} ms after the step; " +
            $"lowest after {lowest}; mean 15–20 s {meanAfter:F0}; queue drops {sim.DroppedAtQueue}");
        Assert.True(before > 2_000_000, $"did not reach the 2.5 Mbit/s link first: {before}");
        Assert.NotNull(below);
        Assert.True(below - (10 * Second) <= Second, $"backed off after {below - (10 * Second)} µs");
        Assert.InRange(meanAfter, 700_000, 1_100_000);
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(100_000)]
    public void Does_not_oscillate_more_than_15_percent_at_steady_state_on_a_1Mbps_link(long feedbackIntervalUs)
    {
        var sim = new BottleneckLinkSimulation(300_000, MinBps, MaxBps, capacityBps: 1_000_000) { FeedbackIntervalUs = feedbackIntervalUs };
        sim.RunUntil(40 * Second);

        long[] window = sim.TargetsBetween(10 * Second, 40 * Second).ToArray();
        double mean = window.Average();
        double high = window.Max() / mean, low = window.Min() / mean;
        output.WriteLine($"10–40 s: mean {mean:F0}, max {window.Max()} (+{(high - 1) * 100:F1} %), min {window.Min()} ({(low - 1) * 100:F1} %); counters {sim.Estimator.Counters}");
        Assert.InRange(high, 1.0, 1.15);
        Assert.InRange(low, 0.85, 1.0);
        Assert.InRange(mean, 800_000, 1_100_000);
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(100_000)]
    public void Recovers_to_80_percent_within_15s_when_the_link_returns_from_1_to_4Mbps(long feedbackIntervalUs)
    {
        var sim = new BottleneckLinkSimulation(300_000, MinBps, MaxBps, capacityBps: 1_000_000) { FeedbackIntervalUs = feedbackIntervalUs };
        sim.RunUntil(15 * Second);
        long before = sim.Estimator.TargetBitrateBps;
        sim.CapacityBps = 4_000_000;
        sim.RunUntil(35 * Second);

        long? reached = sim.FirstTime(15 * Second, bps => bps >= 3_200_000);
        output.WriteLine($"target at the step {before}; ≥ 3.2 Mbit/s {(reached - (15 * Second)) / 1000.0} ms after the link returned; " +
            $"at 35 s {sim.Estimator.TargetBitrateBps}; counters {sim.Estimator.Counters}");
        Assert.InRange(before, 700_000, 1_200_000);
        Assert.NotNull(reached);
        Assert.True(reached - (15 * Second) <= 15 * Second, $"reached after {reached - (15 * Second)} µs");
    }

    [Fact]
    public void Random_5_percent_loss_on_an_uncongested_link_does_not_collapse_the_rate()
    {
        var sim = new BottleneckLinkSimulation(1_000_000, MinBps, MaxBps, capacityBps: 4_000_000) { RandomLossRate = 0.05 };
        sim.RunUntil(20 * Second);

        long lowest = sim.TargetsBetween(0, 20 * Second).Min();
        output.WriteLine($"5 % loss: lowest {lowest}, at 20 s {sim.Estimator.TargetBitrateBps}, loss fraction {sim.Estimator.LossFraction:F3}; counters {sim.Estimator.Counters}");
        Assert.True(lowest >= 900_000, $"fell to {lowest}");
        Assert.True(sim.Estimator.TargetBitrateBps >= 1_000_000);
        Assert.InRange(sim.Estimator.LossFraction, 0.02, 0.10);
    }

    [Fact]
    public void Random_25_percent_loss_on_an_uncongested_link_brings_the_rate_down()
    {
        // The counterpart of the 5 % test: the loss-based controller does act when loss is above 10 %.
        var sim = new BottleneckLinkSimulation(1_000_000, MinBps, MaxBps, capacityBps: 4_000_000) { RandomLossRate = 0.25 };
        sim.RunUntil(20 * Second);

        output.WriteLine($"25 % loss: at 20 s {sim.Estimator.TargetBitrateBps}; counters {sim.Estimator.Counters}");
        Assert.True(sim.Estimator.TargetBitrateBps < 500_000, $"still at {sim.Estimator.TargetBitrateBps}");
        Assert.True(sim.Estimator.Counters.LossBasedDecreases > 0);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(4_000_000)]
    public void Five_ms_of_arrival_jitter_neither_starves_nor_overfills_the_link(long capacityBps)
    {
        // Per-packet uniform 0–5 ms extra delay (reorders packets at 4 Mbit/s): the adaptive threshold must absorb
        // the noise (no false over-use starving the link) without missing real queue growth (no drop-tail losses).
        var sim = new BottleneckLinkSimulation(300_000, MinBps, MaxBps, capacityBps) { ArrivalJitterUs = 5_000 };
        sim.RunUntil(40 * Second);

        double mean = sim.TargetsBetween(10 * Second, 40 * Second).Average();
        output.WriteLine($"capacity {capacityBps}, jitter 5 ms: mean 10–40 s {mean:F0} ({mean / capacityBps:P0}), threshold {sim.Estimator.ThresholdMs:F1} ms, " +
            $"queue drops {sim.DroppedAtQueue}; counters {sim.Estimator.Counters}");
        Assert.InRange(mean / capacityBps, 0.75, 1.05);
        Assert.Equal(0, sim.DroppedAtQueue);
    }

    [Fact]
    public void An_application_limited_sender_finds_the_link_capacity_by_probing()
    {
        // The encoder sends at most 500 kbit/s on a 4 Mbit/s link: feedback shows no spare capacity, so only the
        // periodic ALR probes can raise the estimate (the AIMD increase stops at 1.5 × the acknowledged rate).
        var limited = new BottleneckLinkSimulation(300_000, MinBps, MaxBps, capacityBps: 4_000_000) { MediaCapBps = 500_000 };
        limited.RunUntil(30 * Second);
        output.WriteLine($"application limited at 500 kbit/s on 4 Mbit/s: target at 30 s {limited.Estimator.TargetBitrateBps}; counters {limited.Estimator.Counters}");
        Assert.True(limited.Estimator.TargetBitrateBps >= 2_000_000, $"target {limited.Estimator.TargetBitrateBps}");
        Assert.True(limited.Estimator.TargetBitrateBps <= 4_000_000);
    }
}
