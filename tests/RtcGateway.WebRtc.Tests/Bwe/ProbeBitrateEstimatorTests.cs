using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class ProbeBitrateEstimatorTests
{
    private static PacketResult Probe(int i, long sendUs, long arrivalUs, int cluster = 3) =>
        new(100 + i, sendUs, 1000, arrivalUs, cluster);

    [Fact]
    public void A_saturated_cluster_gives_95_percent_of_its_receive_rate()
    {
        var estimator = new ProbeBitrateEstimator();
        estimator.Register(new ProbeClusterRequest(3, 8_000_000, 5, 0, 0));
        // Sent 1 ms apart, received 2 ms apart. At the 4th packet (80 % of 5): send 3,000 bytes over 3 ms = 8 Mbit/s,
        // receive 3,000 bytes over 6 ms = 4 Mbit/s < 90 % of send → 0.95 · 4 Mbit/s.
        Assert.False(estimator.TryAdd(Probe(0, 0, 50_000), out _));
        Assert.False(estimator.TryAdd(Probe(1, 1_000, 52_000), out _));
        Assert.False(estimator.TryAdd(Probe(2, 2_000, 54_000), out _));
        Assert.True(estimator.TryAdd(Probe(3, 3_000, 56_000), out long bps));
        Assert.Equal(3_800_000, bps);
        Assert.False(estimator.TryAdd(Probe(4, 4_000, 58_000), out _));   // one result per cluster
    }

    [Fact]
    public void An_unsaturated_cluster_gives_the_lower_of_send_and_receive_rate()
    {
        var estimator = new ProbeBitrateEstimator();
        estimator.Register(new ProbeClusterRequest(3, 8_000_000, 5, 0, 0));
        long bps = 0;
        for (int i = 0; i < 4; i++)
        {
            estimator.TryAdd(Probe(i, i * 1_000L, 50_000 + (i * 1_100L)), out bps);
        }

        // Send 8 Mbit/s, receive 24,000 bits / 3.3 ms = 7.27 Mbit/s ≥ 90 % → min = 7,272,727.
        Assert.Equal(7_272_727, bps);
    }

    [Fact]
    public void A_receive_rate_over_twice_the_send_rate_is_refused()
    {
        var estimator = new ProbeBitrateEstimator();
        for (int i = 0; i < 5; i++)
        {
            Assert.False(estimator.TryAdd(Probe(i, i * 1_000L, 50_000 + (i * 100L)), out _));
        }

        Assert.Equal(1, estimator.Refused);
    }

    [Fact]
    public void Media_packets_and_lost_packets_are_not_probes()
    {
        var estimator = new ProbeBitrateEstimator();
        for (int i = 0; i < 10; i++)
        {
            Assert.False(estimator.TryAdd(Probe(i, i * 1_000L, 50_000 + (i * 1_000L), cluster: -1), out _));
            Assert.False(estimator.TryAdd(Probe(i, i * 1_000L, PacketResult.NotReceived), out _));
        }

        Assert.Equal(0, estimator.Results);
    }
}
