using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class AimdRateControlTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void Normal_moves_hold_to_increase_and_grows_8_percent_per_second_far_from_convergence()
    {
        var aimd = new AimdRateControl(300_000, 10_000, 10_000_000);
        Assert.Equal(RateControlState.Hold, aimd.State);
        Assert.Equal(300_000, aimd.Update(BandwidthUsage.Normal, null, 0));     // Δt = 0 on the first update
        Assert.Equal(RateControlState.Increase, aimd.State);
        Assert.Equal(324_000, aimd.Update(BandwidthUsage.Normal, null, Second)); // 300,000 · 1.08
        Assert.Equal(349_920, aimd.Update(BandwidthUsage.Normal, null, 3 * Second)); // Δt capped at 1 s
    }

    [Fact]
    public void Overuse_decreases_to_beta_times_the_acknowledged_rate_once_per_rtt()
    {
        var aimd = new AimdRateControl(1_200_000, 10_000, 10_000_000) { RttUs = 100_000 };
        Assert.Equal(850_000, aimd.Update(BandwidthUsage.Overusing, 1_000_000, 0));
        Assert.Equal(RateControlState.Decrease, aimd.State);
        Assert.Equal(850_000, aimd.Update(BandwidthUsage.Overusing, 900_000, 50_000));   // within one RTT
        Assert.Equal(765_000, aimd.Update(BandwidthUsage.Overusing, 900_000, 100_000));  // 0.85 · 900,000
        Assert.Equal(2, aimd.Decreases);
    }

    [Fact]
    public void Overuse_never_raises_the_estimate_when_the_acknowledged_rate_is_higher()
    {
        var aimd = new AimdRateControl(500_000, 10_000, 10_000_000);
        Assert.Equal(500_000, aimd.Update(BandwidthUsage.Overusing, 1_000_000, 0));
        Assert.Equal(0, aimd.Decreases);
    }

    [Fact]
    public void After_a_decrease_normal_holds_once_then_increases_additively_near_the_last_congestion_rate()
    {
        var aimd = new AimdRateControl(1_200_000, 10_000, 10_000_000) { RttUs = 100_000 };
        aimd.Update(BandwidthUsage.Overusing, 1_000_000, 0);
        Assert.Equal(850_000, aimd.Update(BandwidthUsage.Normal, 1_000_000, 50_000));
        Assert.Equal(RateControlState.Hold, aimd.State);

        // Δt 50 ms, response time 100 + 100 ms: α = 0.5 · 0.25 = 0.125. Frames of 850,000 / 30 = 28,333.3 bits in
        // ⌈28,333.3 / 9,600⌉ = 3 packets of 9,444.4 bits: + max(1000, 0.125 · 9,444.4) = 1,180.56 bits/s.
        Assert.Equal(851_180, aimd.Update(BandwidthUsage.Normal, 1_000_000, 100_000));
        Assert.Equal(RateControlState.Increase, aimd.State);
        Assert.True(aimd.NearConvergence);
    }

    [Fact]
    public void An_acknowledged_rate_above_3_sigma_of_the_congestion_rate_returns_to_multiplicative_increase()
    {
        var aimd = new AimdRateControl(1_200_000, 10_000, 10_000_000);
        aimd.Update(BandwidthUsage.Overusing, 1_000_000, 0);        // band 1,000,000 ± 3 · 5 %
        aimd.Update(BandwidthUsage.Normal, 1_000_000, 500_000);     // Hold
        aimd.Update(BandwidthUsage.Normal, 1_200_000, Second);      // 1.2 M > 1.15 M: reset, then multiplicative
        Assert.False(aimd.NearConvergence);
        Assert.Equal((long)(850_000 * Math.Pow(1.08, 0.5)), aimd.EstimateBps);
    }

    [Fact]
    public void Underuse_holds_the_estimate()
    {
        var aimd = new AimdRateControl(700_000, 10_000, 10_000_000);
        aimd.Update(BandwidthUsage.Normal, null, 0);
        Assert.Equal(700_000, aimd.Update(BandwidthUsage.Underusing, null, Second));
        Assert.Equal(RateControlState.Hold, aimd.State);
    }

    [Fact]
    public void Increase_stops_at_one_and_a_half_times_the_acknowledged_rate_without_lowering_the_estimate()
    {
        var aimd = new AimdRateControl(1_000_000, 10_000, 10_000_000);
        aimd.Update(BandwidthUsage.Normal, 500_000, 0);
        Assert.Equal(1_000_000, aimd.Update(BandwidthUsage.Normal, 500_000, Second));   // cap 760,000 < estimate
        aimd.SetEstimate(700_000, Second);
        // 700,000 · 1.08 = 756,000, capped at 1.5 · 480,000 + 10,000 = 730,000.
        Assert.Equal(730_000, aimd.Update(BandwidthUsage.Normal, 480_000, 2 * Second));
    }

    [Fact]
    public void The_estimate_stays_within_the_bounds()
    {
        var aimd = new AimdRateControl(100_000, 80_000, 120_000);
        Assert.Equal(80_000, aimd.Update(BandwidthUsage.Overusing, 10, 0));
        aimd.Update(BandwidthUsage.Normal, null, Second);
        for (int i = 2; i < 20; i++)
        {
            aimd.Update(BandwidthUsage.Normal, null, i * Second);
        }

        Assert.Equal(120_000, aimd.EstimateBps);
    }
}
