using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public class PacedSenderTests
{
    private readonly record struct Sent(long TimeUs, PacedPacket Packet, int ProbeClusterId);

    /// <summary>Drives the pacer like the peer loop would: wake at NextSendTimeUs (plus an optional timer lateness), take out everything allowed.</summary>
    private static void RunUntil(PacedSender pacer, ref long nowUs, long untilUs, List<Sent> sent, long latenessUs = 0)
    {
        while (true)
        {
            while (pacer.TryDequeue(nowUs, out PacedPacket packet, out int cluster))
            {
                sent.Add(new Sent(nowUs, packet, cluster));
            }

            long next = pacer.NextSendTimeUs(nowUs);
            if (next == long.MaxValue || next + latenessUs > untilUs)
            {
                nowUs = untilUs;
                return;
            }

            Assert.True(next >= nowUs);
            nowUs = Math.Max(next + latenessUs, nowUs + 1);
        }
    }

    private static void EnqueueFrame(PacedSender pacer, long nowUs, int frameBytes, ref long id, PacingPriority priority = PacingPriority.Video)
    {
        for (int left = frameBytes; left > 0; left -= 1200)
        {
            pacer.Enqueue(new PacedPacket(id++, Math.Min(1200, left), priority), nowUs);
        }
    }

    [Fact]
    public void KeyFrame100KB_At2_5Mbps_SpreadOver128ms()
    {
        var pacer = new PacedSender();
        pacer.SetTargetBitrate(2_500_000);
        Assert.Equal(6_250_000, pacer.PacingRateBps);
        long now = 1_000_000, id = 0;
        EnqueueFrame(pacer, now, 100_000, ref id);
        Assert.Equal(84, pacer.QueuedPackets);
        Assert.Equal(128_000, pacer.ExpectedQueueTimeUs);
        var sent = new List<Sent>();
        RunUntil(pacer, ref now, 2_000_000, sent);

        Assert.Equal(84, sent.Count);
        Assert.Equal(Enumerable.Range(0, 84).Select(i => (long)i), sent.Select(s => s.Packet.Id));
        long spread = sent[^1].TimeUs - sent[0].TimeUs;

        // Everything but the last packet's own 400 bytes must drain first: (100,000 − 400) × 8 / 6.25 Mbit/s = 127.5 ms.
        Assert.InRange(spread, 127_000, 128_100);
        for (int i = 0; i < sent.Count; i++)
        {
            // No 10 ms window carries more than the pacing rate allows (7.8 packets) plus the one that opens it.
            int inWindow = sent.Count(s => s.TimeUs >= sent[i].TimeUs && s.TimeUs < sent[i].TimeUs + 10_000);
            Assert.True(inWindow <= 8, $"{inWindow} packets in 10 ms from {sent[i].TimeUs}");
        }
    }

    [Fact]
    public void LinkWithRoom_30fpsFrames_AddAtMostOneFrameInterval()
    {
        var pacer = new PacedSender();
        pacer.SetTargetBitrate(2_500_000);
        var random = new Random(30);
        const long FrameIntervalUs = 33_333;
        int averageFrame = 2_500_000 / 30 / 8;
        long now = 0, id = 0;
        var sent = new List<Sent>();
        for (int frame = 0; frame < 300; frame++)
        {
            long frameTime = frame * FrameIntervalUs;
            RunUntil(pacer, ref now, frameTime, sent);
            int size = (int)(averageFrame * (0.5 + (1.5 * random.NextDouble()))); // up to 2 × average
            EnqueueFrame(pacer, now, size, ref id);
        }

        RunUntil(pacer, ref now, now + 1_000_000, sent);
        Assert.Equal(id, sent.Count);
        Assert.True(pacer.MaxQueueDelayUs <= FrameIntervalUs, $"max queue delay {pacer.MaxQueueDelayUs} µs");
        Assert.True(pacer.MaxQueueDelayUs > 10_000, "frames are paced, not sent in one burst");
    }

    [Fact]
    public void Priorities_RetransmissionAudioVideoPadding_FifoWithinClass()
    {
        var pacer = new PacedSender();
        long now = 0;
        (long Id, PacingPriority P)[] order =
        [
            (1, PacingPriority.Video), (2, PacingPriority.Padding), (3, PacingPriority.Audio), (4, PacingPriority.Video),
            (5, PacingPriority.Retransmission), (6, PacingPriority.Audio), (7, PacingPriority.Retransmission),
        ];
        foreach ((long id, PacingPriority p) in order)
        {
            pacer.Enqueue(new PacedPacket(id, 1000, p), now);
        }

        var sent = new List<Sent>();
        RunUntil(pacer, ref now, 1_000_000, sent);
        Assert.Equal([5L, 7, 3, 6, 1, 4, 2], sent.Select(s => s.Packet.Id));
    }

    [Fact]
    public void QueueTimeGuard_BoundsDelay_WhenBacklogExceedsPacingRate()
    {
        var pacer = new PacedSender(new PacedSenderOptions { MaxQueueTimeUs = 250_000 });
        pacer.SetTargetBitrate(400_000); // pacing 1 Mbit/s
        long now = 0, id = 0;
        EnqueueFrame(pacer, now, 300_000, ref id);
        Assert.Equal(2_400_000, pacer.ExpectedQueueTimeUs);
        Assert.Equal(9_600_000, pacer.DrainRateBps);
        var sent = new List<Sent>();
        RunUntil(pacer, ref now, 5_000_000, sent);
        Assert.Equal(id, sent.Count);
        Assert.InRange(pacer.MaxQueueDelayUs, 200_000, 252_000);

        // A second backlog of 100 KB (800 ms at the pacing rate) is also drained by the bound.
        long start = now;
        EnqueueFrame(pacer, now, 100_000, ref id);
        sent.Clear();
        RunUntil(pacer, ref now, now + 5_000_000, sent);
        Assert.InRange(sent[^1].TimeUs - start, 230_000, 255_000);
    }

    [Fact]
    public void QueueTimeGuard_SustainedOverload_EveryPacketWithinTheBound()
    {
        var pacer = new PacedSender(new PacedSenderOptions { MaxQueueTimeUs = 250_000 });
        pacer.SetPacingRate(1_000_000);
        long now = 0, id = 0;
        var sent = new List<Sent>();
        for (int frame = 0; frame < 90; frame++)
        {
            RunUntil(pacer, ref now, frame * 33_333L, sent);
            EnqueueFrame(pacer, now, 20_000, ref id); // 4.8 Mbit/s offered into 1 Mbit/s pacing
        }

        RunUntil(pacer, ref now, now + 5_000_000, sent);
        Assert.Equal(id, sent.Count);
        Assert.InRange(pacer.MaxQueueDelayUs, 200_000, 255_000);
    }

    [Fact]
    public void LateTimer_StillSendsAtThePacingRate()
    {
        var pacer = new PacedSender(new PacedSenderOptions { MaxQueueTimeUs = 10_000_000 });
        pacer.SetPacingRate(4_000_000);
        long now = 0, id = 0;
        EnqueueFrame(pacer, now, 500_000, ref id);
        var sent = new List<Sent>();
        RunUntil(pacer, ref now, 10_000_000, sent, latenessUs: 1_000);
        double seconds = (sent[^1].TimeUs - sent[0].TimeUs) / 1e6;
        double rate = (500_000 - 1200) * 8 / seconds;
        Assert.InRange(rate, 3_800_000, 4_200_000);
    }

    [Fact]
    public void ProbeCluster_AsksForPadding_AtTheProbeRate_AndTagsPackets()
    {
        var pacer = new PacedSender();
        long now = 10_000;
        Assert.Equal(0, pacer.GetPaddingBytesWanted(now));
        Assert.Equal(long.MaxValue, pacer.NextSendTimeUs(now));
        int cluster = pacer.CreateProbeCluster(5_000_000, minPackets: 5, minBytes: 6000, now);
        Assert.True(cluster >= 0);
        var sent = new List<Sent>();
        long id = 100;
        while (now < 1_000_000)
        {
            int wanted = pacer.GetPaddingBytesWanted(now);
            if (wanted > 0)
            {
                pacer.Enqueue(new PacedPacket(id++, Math.Min(wanted, 1200), PacingPriority.Padding), now);
            }

            RunUntil(pacer, ref now, now, sent);
            long next = pacer.NextSendTimeUs(now);
            if (next == long.MaxValue)
            {
                break;
            }

            now = Math.Max(next, now + 1);
        }

        Assert.Equal(5, sent.Count);
        Assert.All(sent, s => Assert.Equal(cluster, s.ProbeClusterId));
        Assert.All(sent, s => Assert.Equal(PacingPriority.Padding, s.Packet.Priority));
        Assert.Equal(1, pacer.ProbeClustersCompleted);

        // 4 × 1,200 bytes before the last one left over (t_last − t_first) at 5 Mbit/s: 7.68 ms.
        Assert.InRange(sent[^1].TimeUs - sent[0].TimeUs, 7_680, 7_690);
        Assert.Equal(0, pacer.GetPaddingBytesWanted(now));
    }

    [Fact]
    public void ProbeCluster_UsesQueuedMediaFirst_FasterThanPacing()
    {
        var pacer = new PacedSender();
        pacer.SetPacingRate(1_000_000);
        long now = 0, id = 0;
        EnqueueFrame(pacer, now, 12_000, ref id);
        int cluster = pacer.CreateProbeCluster(8_000_000, 5, 5000, now);
        var sent = new List<Sent>();
        RunUntil(pacer, ref now, 1_000_000, sent);
        Assert.Equal(10, sent.Count);
        Assert.All(sent.Take(5), s => Assert.Equal(cluster, s.ProbeClusterId));
        Assert.All(sent.Skip(5), s => Assert.Equal(-1, s.ProbeClusterId));

        // Probe packets 1.2 ms apart (8 Mbit/s), then media at the 1 Mbit/s pacing rate (9.6 ms apart).
        Assert.Equal(4_800, sent[4].TimeUs - sent[0].TimeUs);
        Assert.InRange(sent[9].TimeUs - sent[8].TimeUs, 9_599, 9_601);
    }

    [Fact]
    public void ProbeCluster_ExpiresWithoutPadding_AndAtMostEightPending()
    {
        var pacer = new PacedSender();
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(i, pacer.CreateProbeCluster(1_000_000, 5, 5000, 0));
        }

        Assert.Equal(-1, pacer.CreateProbeCluster(1_000_000, 5, 5000, 0));
        Assert.Equal(1, pacer.ProbeClustersRejected);
        Assert.Equal(1200, pacer.GetPaddingBytesWanted(0));
        Assert.Equal(0, pacer.GetPaddingBytesWanted(1_000_001));
        Assert.Equal(8, pacer.ProbeClustersExpired);
        Assert.Equal(long.MaxValue, pacer.NextSendTimeUs(1_000_001));
    }

    [Fact]
    public void UnansweredPaddingRequest_RetriedEvery5ms_NotABusyLoop()
    {
        var pacer = new PacedSender();
        long now = 0;
        pacer.CreateProbeCluster(2_000_000, 5, 5000, now);
        Assert.Equal(now, pacer.NextSendTimeUs(now));
        Assert.True(pacer.GetPaddingBytesWanted(now) > 0);
        int wakeUps = 0;
        while (true)
        {
            long next = pacer.NextSendTimeUs(now);
            if (next == long.MaxValue)
            {
                break;
            }

            Assert.Equal(now + 5_000, next);
            now = next;
            wakeUps++;
            Assert.True(pacer.GetPaddingBytesWanted(now) > 0 || now > 1_000_000);
        }

        // The driver never had padding: about one wake-up per 5 ms until the cluster expired after 1 s.
        Assert.InRange(wakeUps, 199, 202);
        Assert.Equal(1, pacer.ProbeClustersExpired);

        // The padding rate behaves the same; an Enqueue answers the request.
        pacer.SetPaddingRate(500_000);
        Assert.Equal(1200, pacer.GetPaddingBytesWanted(now));
        Assert.Equal(now + 5_000, pacer.NextSendTimeUs(now));
        pacer.Enqueue(new PacedPacket(1, 1200, PacingPriority.Padding), now);
        Assert.True(pacer.TryDequeue(now, out _, out _));
        Assert.Equal(now + 19_200, pacer.NextSendTimeUs(now)); // 1,200 bytes at 500 kbit/s
    }

    [Fact]
    public void PaddingRate_FilledWhenMediaIsIdle()
    {
        var pacer = new PacedSender();
        pacer.SetPaddingRate(1_000_000);
        long now = 0, id = 0, paddingBytes = 0;
        var sent = new List<Sent>();
        while (now < 2_000_000)
        {
            int wanted = pacer.GetPaddingBytesWanted(now);
            if (wanted > 0)
            {
                pacer.Enqueue(new PacedPacket(id++, wanted, PacingPriority.Padding), now);
                paddingBytes += wanted;
            }

            RunUntil(pacer, ref now, now, sent);
            now = Math.Max(pacer.NextSendTimeUs(now), now + 1);
        }

        double rate = paddingBytes * 8 / 2.0;
        Assert.InRange(rate, 950_000, 1_050_000);
        Assert.Equal(paddingBytes, sent.Sum(s => (long)s.Packet.SizeBytes));
    }

    [Fact]
    public void Idle_NoTimer_AndCallerBugsThrow()
    {
        var pacer = new PacedSender();
        Assert.Equal(long.MaxValue, pacer.NextSendTimeUs(5));
        Assert.False(pacer.TryDequeue(5, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => pacer.Enqueue(new PacedPacket(1, 0, PacingPriority.Video), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => pacer.Enqueue(new PacedPacket(1, 10, (PacingPriority)9), 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => pacer.SetPacingRate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacedSender(new PacedSenderOptions { PacingFactor = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacedSender(new PacedSenderOptions { MaxQueueTimeUs = 0 }));
    }

    [Fact]
    public void SteadyState_NoAllocationPerPacket()
    {
        var pacer = new PacedSender();
        pacer.SetTargetBitrate(2_500_000);
        long now = 0, id = 0;
        void Frames(int count)
        {
            for (int f = 0; f < count; f++)
            {
                long frameTime = now + 33_333;
                for (int left = 20_000; left > 0; left -= 1200)
                {
                    pacer.Enqueue(new PacedPacket(id++, 1200, (id & 7) == 0 ? PacingPriority.Retransmission : PacingPriority.Video), now);
                }

                while (now < frameTime)
                {
                    while (pacer.TryDequeue(now, out _, out _))
                    {
                    }

                    pacer.GetPaddingBytesWanted(now);
                    now = Math.Min(frameTime, Math.Max(pacer.NextSendTimeUs(now), now + 1));
                }
            }
        }

        Frames(30);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Frames(300);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(pacer.PacketsSent > 5000);
    }
}
