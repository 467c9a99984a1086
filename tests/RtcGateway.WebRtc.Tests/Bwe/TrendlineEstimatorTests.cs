using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class TrendlineEstimatorTests
{
    [Fact]
    public void Slope_stays_zero_until_the_window_is_full()
    {
        var trendline = new TrendlineEstimator();
        for (int i = 1; i < TrendlineEstimator.WindowSize; i++)
        {
            trendline.Update(new PacketGroupDelta(10_000, 11_000, i * 11_000L, 1200));
            Assert.Equal(0, trendline.Slope);
        }

        trendline.Update(new PacketGroupDelta(10_000, 11_000, 20 * 11_000L, 1200));
        Assert.True(trendline.Slope > 0);
    }

    [Fact]
    public void A_steadily_growing_delay_gives_its_growth_rate_as_slope()
    {
        // Each group arrives 11 ms after the previous one but was sent 10 ms after it: d = +1 ms per group, so the
        // accumulated delay a_k = k ms at x_k = 11 k ms. The smoothed s_k = 0.9 s_(k−1) + 0.1 a_k settles to a_k − 9
        // (a constant lag), so the fitted slope is 1/11 ms per ms and the modified trend 60 · (1/11) · 8 = 43.636….
        var trendline = new TrendlineEstimator();
        for (int k = 1; k <= 300; k++)
        {
            trendline.Update(new PacketGroupDelta(10_000, 11_000, 5_000_000 + (k * 11_000L), 1200));
        }

        Assert.Equal(1.0 / 11, trendline.Slope, 9);
        Assert.Equal(60 * (1.0 / 11) * 8, trendline.ModifiedTrend, 6);
        Assert.Equal(300 - 9, trendline.SmoothedDelayMs, 6);
    }

    [Fact]
    public void A_constant_delay_gives_a_zero_trend()
    {
        var trendline = new TrendlineEstimator();
        for (int k = 1; k <= 100; k++)
        {
            trendline.Update(new PacketGroupDelta(33_000, 33_000, k * 33_000L, 1200));
        }

        Assert.Equal(0, trendline.ModifiedTrend, 9);
    }

    [Fact]
    public void A_draining_queue_gives_a_negative_trend()
    {
        var trendline = new TrendlineEstimator();
        for (int k = 1; k <= 300; k++)
        {
            trendline.Update(new PacketGroupDelta(10_000, 9_000, k * 9_000L, 1200));
        }

        Assert.Equal(-1.0 / 9, trendline.Slope, 6);
    }
}
