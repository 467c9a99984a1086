using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class LossBasedBandwidthEstimatorTests
{
    private const long Second = 1_000_000;
    private const long Rtt = 100_000;

    [Fact]
    public void Low_loss_increases_8_percent_per_second()
    {
        var loss = new LossBasedBandwidthEstimator(1_000_000, 10_000, 10_000_000);
        loss.Evaluate(0.01, 1_000_000, Rtt, 0);
        Assert.Equal(1_000_000, loss.EstimateBps);      // first evaluation: Δt = 0
        loss.Evaluate(0.01, 1_000_000, Rtt, Second);
        Assert.Equal(1_080_000, loss.EstimateBps);
    }

    [Fact]
    public void Loss_between_2_and_10_percent_holds_at_the_rate_in_use()
    {
        var loss = new LossBasedBandwidthEstimator(2_000_000, 10_000, 10_000_000);
        loss.Evaluate(0.05, 2_000_000, Rtt, 0);
        Assert.Equal(2_000_000, loss.EstimateBps);
        loss.Evaluate(0.10, 1_000_000, Rtt, Second);    // the target (delay-limited) is what is being sent
        Assert.Equal(1_000_000, loss.EstimateBps);
    }

    [Fact]
    public void Loss_above_10_percent_multiplies_by_one_minus_half_the_loss_at_most_once_per_300ms_plus_rtt()
    {
        var loss = new LossBasedBandwidthEstimator(1_000_000, 10_000, 10_000_000);
        loss.Evaluate(0.2, 1_000_000, Rtt, 0);
        Assert.Equal(900_000, loss.EstimateBps);        // 1,000,000 · (1 − 0.1)
        loss.Evaluate(0.2, 900_000, Rtt, 300_000);      // < 400 ms later: held
        Assert.Equal(900_000, loss.EstimateBps);
        loss.Evaluate(0.5, 900_000, Rtt, 400_000);
        Assert.Equal(675_000, loss.EstimateBps);        // 900,000 · (1 − 0.25)
        Assert.Equal(2, loss.Decreases);
    }

    [Fact]
    public void Feedback_loss_is_evaluated_after_20_packets_and_1_second()
    {
        var loss = new LossBasedBandwidthEstimator(1_000_000, 10_000, 10_000_000);
        loss.OnPacketResults(lost: 30, expected: 100, 1_000_000, Rtt, 0);
        loss.OnPacketResults(lost: 0, expected: 100, 1_000_000, Rtt, 500_000);
        Assert.Equal(1_000_000, loss.EstimateBps);      // not yet a second
        loss.OnPacketResults(lost: 0, expected: 100, 1_000_000, Rtt, Second);
        Assert.Equal(0.1, loss.LastLossFraction, 9);    // 30 / 300 → hold
        Assert.Equal(1_000_000, loss.EstimateBps);
    }

    [Fact]
    public void Nonsense_counts_and_fractions_are_ignored_or_clamped()
    {
        var loss = new LossBasedBandwidthEstimator(1_000_000, 500_000, 2_000_000);
        loss.OnPacketResults(lost: 5, expected: 3, 1_000_000, Rtt, 0);
        loss.OnPacketResults(lost: -1, expected: 30, 1_000_000, Rtt, 0);
        loss.Evaluate(double.NaN, 1_000_000, Rtt, 0);
        Assert.Equal(1_000_000, loss.EstimateBps);
        loss.Evaluate(7.5, 1_000_000, Rtt, 0);           // clamped to 1 → × 0.5
        Assert.Equal(500_000, loss.EstimateBps);
        loss.Evaluate(1, 500_000, Rtt, 10 * Second);     // never below the minimum
        Assert.Equal(500_000, loss.EstimateBps);
    }

    [Fact]
    public void A_probe_raises_the_estimate_unless_the_loss_is_high()
    {
        var loss = new LossBasedBandwidthEstimator(1_000_000, 10_000, 10_000_000);
        loss.RaiseTo(3_000_000);
        Assert.Equal(3_000_000, loss.EstimateBps);
        loss.Evaluate(0.3, 3_000_000, Rtt, 0);
        long afterLoss = loss.EstimateBps;
        loss.RaiseTo(5_000_000);
        Assert.Equal(afterLoss, loss.EstimateBps);
    }
}
