using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class OveruseDetectorTests
{
    [Fact]
    public void Threshold_adapts_up_with_K_u_and_down_with_K_d()
    {
        var detector = new OveruseDetector();
        detector.UpdateThreshold(20, 0);                 // first update: Δt = 0
        Assert.Equal(12.5, detector.ThresholdMs, 9);

        detector.UpdateThreshold(20, 10_000);            // 12.5 + 0.01 · (20 − 12.5) · 10 = 13.25
        Assert.Equal(13.25, detector.ThresholdMs, 9);

        detector.UpdateThreshold(0, 110_000);            // 13.25 + 0.00018 · (0 − 13.25) · 100 = 13.0115
        Assert.Equal(13.0115, detector.ThresholdMs, 9);

        detector.UpdateThreshold(-20, 130_000);          // |m| counts: 13.0115 + 0.01 · (20 − 13.0115) · 20 = 14.40920
        Assert.Equal(14.4092, detector.ThresholdMs, 9);
    }

    [Fact]
    public void Threshold_ignores_spikes_more_than_15ms_above_it_and_caps_the_interval_at_100ms()
    {
        var detector = new OveruseDetector();
        detector.UpdateThreshold(0, 0);
        detector.UpdateThreshold(40, 10_000);            // 40 − 12.5 > 15: unchanged
        Assert.Equal(12.5, detector.ThresholdMs, 9);

        detector.UpdateThreshold(0, 5_010_000);          // Δt 5 s capped to 100 ms: 12.5 · (1 − 0.018) = 12.275
        Assert.Equal(12.275, detector.ThresholdMs, 9);
    }

    [Fact]
    public void Threshold_stays_within_6_and_600_ms()
    {
        var detector = new OveruseDetector();
        for (int i = 1; i <= 2000; i++)
        {
            detector.UpdateThreshold(0, i * 100_000L);
        }

        Assert.Equal(6, detector.ThresholdMs, 9);
        for (int i = 2001; i <= 6000; i++)
        {
            detector.UpdateThreshold(detector.ThresholdMs + 14, i * 100_000L);
        }

        Assert.Equal(600, detector.ThresholdMs, 9);
    }

    [Fact]
    public void Overuse_needs_10ms_above_the_threshold_and_a_rising_trend()
    {
        var detector = new OveruseDetector();
        // 5 ms groups: time over-using 2.5 (half of the first), 7.5, 12.5 ms.
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20, 5, 10, 0));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(21, 5, 10, 5_000));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20.5, 5, 10, 10_000)); // 12.5 ms but falling
        Assert.Equal(BandwidthUsage.Overusing, detector.Detect(21, 5, 10, 15_000));
    }

    [Fact]
    public void A_trend_below_minus_threshold_is_underuse_and_in_between_is_normal()
    {
        var detector = new OveruseDetector();
        Assert.Equal(BandwidthUsage.Underusing, detector.Detect(-20, 5, 10, 0));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(3, 5, 10, 5_000));
    }

    [Fact]
    public void Fewer_than_two_deltas_never_signal()
    {
        var detector = new OveruseDetector();
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(500, 50, 1, 0));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(500, 50, 1, 50_000));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(double.NaN, 50, 10, 100_000));
    }
}
