using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class SendSideBandwidthEstimatorTests
{
    private const long Second = 1_000_000;

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-5, 100)]
    [InlineData(200, 100)]
    public void Bounds_that_are_not_0_lt_min_le_max_are_rejected(long min, long max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendSideBandwidthEstimator(100, min, max));
        var estimator = new SendSideBandwidthEstimator(100, 50, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.SetBounds(min, max));
    }

    [Fact]
    public void The_start_rate_and_new_bounds_clamp_the_target()
    {
        var estimator = new SendSideBandwidthEstimator(5_000_000, 100_000, 2_000_000);
        Assert.Equal(2_000_000, estimator.TargetBitrateBps);
        estimator.SetBounds(100_000, 800_000);
        Assert.Equal(800_000, estimator.TargetBitrateBps);
        Assert.True(estimator.DelayBasedBitrateBps <= 800_000 && estimator.LossBasedBitrateBps <= 800_000);
        estimator.SetBounds(1_000_000, 3_000_000);
        Assert.Equal(1_000_000, estimator.TargetBitrateBps);
    }

    [Fact]
    public void Remb_caps_the_target_but_not_below_the_minimum()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 100_000, 5_000_000);
        estimator.OnRemb(400_000, 0);
        Assert.Equal(400_000, estimator.TargetBitrateBps);
        estimator.OnRemb(10, 1);
        Assert.Equal(100_000, estimator.TargetBitrateBps);
        estimator.OnRemb(-1, 2);
        Assert.Equal(10, estimator.RembBitrateBps);
        Assert.Equal(1, estimator.Counters.InvalidPackets);
    }

    [Fact]
    public void Without_transport_feedback_receiver_report_loss_drives_the_target()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 100_000, 5_000_000);
        estimator.OnReceiverReport(64, 80, 0);              // 64/256 = 25 % → × (1 − 0.125)
        Assert.Equal(875_000, estimator.TargetBitrateBps);
        Assert.Equal(80_000, estimator.RttUs);
        estimator.OnReceiverReport(0, double.NaN, Second);  // no loss: + 8 % over the second; NaN RTT ignored
        Assert.Equal(945_000, estimator.TargetBitrateBps);
        Assert.Equal(80_000, estimator.RttUs);
    }

    [Fact]
    public void Receiver_report_loss_is_ignored_while_transport_feedback_is_fresh()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 100_000, 5_000_000);
        estimator.OnTransportFeedback(new TransportPacketsFeedback(100_000, [new PacketResult(1, 0, 1200, 50_000)]));
        estimator.OnReceiverReport(128, 50, 500_000);
        Assert.Equal(0, estimator.Counters.LossBasedDecreases);
        estimator.OnReceiverReport(128, 50, 5 * Second);    // no feedback for 4.9 s: reports count again
        Assert.Equal(1, estimator.Counters.LossBasedDecreases);
    }

    [Fact]
    public void Duplicate_and_reordered_feedback_is_counted_stale_and_absurd_sizes_invalid()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 100_000, 5_000_000);
        PacketResult[] packets = [new(10, 0, 1200, 5_000), new(11, 1_000, 1200, 6_000), new(12, 2_000, 0, 7_000), new(13, 3_000, 70_000, 8_000)];
        estimator.OnTransportFeedback(new TransportPacketsFeedback(50_000, packets));
        estimator.OnTransportFeedback(new TransportPacketsFeedback(60_000, packets));
        estimator.OnTransportFeedback(new TransportPacketsFeedback(70_000, [new PacketResult(9, 0, 1200, 4_000)]));
        BweCounters counters = estimator.Counters;
        Assert.Equal(2, counters.PacketsReceived);
        Assert.Equal(2, counters.InvalidPackets);
        Assert.Equal(5, counters.StalePackets);
        Assert.Equal(3, counters.Feedbacks);
    }

    [Fact]
    public void Probe_requests_are_drained_oldest_first()
    {
        var estimator = new SendSideBandwidthEstimator(500_000, 100_000, 5_000_000);
        estimator.Process(0);
        Assert.Equal(2, estimator.PendingProbeClusters.Length);
        Assert.True(estimator.TryDequeueProbeCluster(out ProbeClusterRequest first));
        Assert.Equal(1_500_000, first.BitsPerSecond);
        Assert.True(estimator.TryDequeueProbeCluster(out ProbeClusterRequest second));
        Assert.Equal(3_000_000, second.BitsPerSecond);
        Assert.False(estimator.TryDequeueProbeCluster(out _));
        Assert.Equal(2, estimator.Counters.ProbeClustersRequested);
    }

    [Fact]
    public void A_probe_cluster_that_got_through_lifts_the_target_to_its_rate()
    {
        var estimator = new SendSideBandwidthEstimator(500_000, 100_000, 5_000_000);
        estimator.Process(0);
        estimator.TryDequeueProbeCluster(out ProbeClusterRequest probe);   // 1.5 Mbit/s, ≥ 5 packets
        var packets = new List<PacketResult>();
        long intervalUs = 1200 * 8 * Second / probe.BitsPerSecond;        // 6.4 ms
        for (int i = 0; i < 6; i++)
        {
            packets.Add(new PacketResult(i, i * intervalUs, 1200, 40_000 + (i * intervalUs), probe.ClusterId));
        }

        estimator.OnTransportFeedback(new TransportPacketsFeedback(100_000, packets));
        Assert.Equal(1, estimator.Counters.ProbeResults);
        Assert.Equal(1_500_000, estimator.TargetBitrateBps);
    }

    [Fact]
    public void Processing_feedback_allocates_nothing()
    {
        var estimator = new SendSideBandwidthEstimator(1_000_000, 100_000, 5_000_000);
        var feedbacks = new TransportPacketsFeedback[200];
        long seq = 0;
        for (int f = 0; f < feedbacks.Length; f++)
        {
            var packets = new PacketResult[10];
            for (int i = 0; i < packets.Length; i++, seq++)
            {
                long sendUs = seq * 5_000;
                packets[i] = new PacketResult(seq, sendUs, 1200, i == 3 ? PacketResult.NotReceived : sendUs + 30_000 + (seq % 7 * 300), seq % 50 < 5 ? 1 : -1);
            }

            feedbacks[f] = new TransportPacketsFeedback((seq * 5_000) + 40_000, packets);
        }

        for (int f = 0; f < 100; f++)
        {
            estimator.OnTransportFeedback(feedbacks[f]);
            estimator.OnPacketSent(f * 50_000, 1200);
            estimator.Process(f * 50_000);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 100; f < feedbacks.Length; f++)
        {
            estimator.OnTransportFeedback(feedbacks[f]);
            estimator.OnPacketSent(f * 50_000, 1200);
            estimator.OnReceiverReport(0, 40, f * 50_000);
            estimator.Process(f * 50_000);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Random_input_never_throws_and_never_leaves_the_bounds()
    {
        var random = new Random(11);
        long[] extremes = [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue, int.MaxValue, -5_000_000];
        long Time() => random.Next(4) == 0 ? extremes[random.Next(extremes.Length)] : random.NextInt64(-10 * Second, 100 * Second);

        for (int run = 0; run < 20; run++)
        {
            long min = random.NextInt64(1, 1_000_000), max = min + random.NextInt64(0, 10_000_000);
            var estimator = new SendSideBandwidthEstimator(random.NextInt64(long.MinValue, long.MaxValue), min, max);
            for (int step = 0; step < 500; step++)
            {
                switch (random.Next(6))
                {
                    case 0:
                    case 1:
                        var packets = new PacketResult[random.Next(0, 40)];
                        for (int i = 0; i < packets.Length; i++)
                        {
                            packets[i] = new PacketResult(
                                random.Next(3) == 0 ? Time() : (step * 40) + i,
                                Time(),
                                random.Next(5) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(1, 1500),
                                random.Next(4) == 0 ? PacketResult.NotReceived : Time(),
                                random.Next(-3, 6));
                        }

                        estimator.OnTransportFeedback(new TransportPacketsFeedback(Time(), packets));
                        break;
                    case 2:
                        estimator.OnReceiverReport((byte)random.Next(256), random.Next(3) switch { 0 => double.NaN, 1 => -random.NextDouble() * 1e9, _ => random.NextDouble() * 1e6 }, Time());
                        break;
                    case 3:
                        estimator.OnRemb(random.NextInt64(long.MinValue, long.MaxValue), Time());
                        break;
                    case 4:
                        estimator.OnPacketSent(Time(), random.Next(int.MinValue, int.MaxValue));
                        break;
                    default:
                        estimator.Process(Time());
                        while (estimator.TryDequeueProbeCluster(out ProbeClusterRequest request))
                        {
                            Assert.InRange(request.BitsPerSecond, 1, max);
                        }

                        break;
                }

                Assert.InRange(estimator.TargetBitrateBps, min, max);
                Assert.InRange(estimator.DelayBasedBitrateBps, min, max);
                Assert.InRange(estimator.LossBasedBitrateBps, min, max);
            }
        }

        Assert.Null(Record.Exception(() => new SendSideBandwidthEstimator(1, 1, 1).OnTransportFeedback(null!)));
    }
}
