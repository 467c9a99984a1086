using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class AcknowledgedBitrateEstimatorTests
{
    [Fact]
    public void Packets_of_1250_bytes_every_10ms_measure_1Mbps()
    {
        var acked = new AcknowledgedBitrateEstimator();
        Assert.Null(acked.BitrateBps);
        for (int i = 0; i <= 20; i++)
        {
            acked.Add(7_000_000 + (i * 10_000L), 1250);
        }

        // Before the window fills: 20 packets after the first over 200 ms = 20 · 10,000 bits / 0.2 s.
        Assert.Equal(1_000_000, acked.BitrateBps);
        for (int i = 21; i <= 100; i++)
        {
            acked.Add(7_000_000 + (i * 10_000L), 1250);
        }

        // Window full: the 50 packets of the last 500 ms, 500,000 bits / 0.5 s.
        Assert.Equal(1_000_000, acked.BitrateBps);
    }

    [Fact]
    public void No_rate_before_100ms_of_arrivals()
    {
        var acked = new AcknowledgedBitrateEstimator();
        for (int i = 0; i < 9; i++)
        {
            acked.Add(i * 10_000L, 1250);
        }

        Assert.Null(acked.BitrateBps);
    }

    [Fact]
    public void An_arrival_clock_jump_restarts_the_measurement()
    {
        var acked = new AcknowledgedBitrateEstimator();
        for (int i = 0; i <= 60; i++)
        {
            acked.Add(10_000_000 + (i * 10_000L), 1250);
        }

        acked.Add(1_000, 1250);                     // 10 s backwards
        Assert.Equal(1, acked.Resets);
        Assert.Null(acked.BitrateBps);
    }

    [Fact]
    public void A_late_packet_older_than_the_window_is_ignored()
    {
        var acked = new AcknowledgedBitrateEstimator();
        for (int i = 0; i <= 100; i++)
        {
            acked.Add(i * 10_000L, 1250);
        }

        acked.Add(200_000, 100_000);                // 800 ms older than the newest
        Assert.Equal(1_000_000, acked.BitrateBps);
    }
}
