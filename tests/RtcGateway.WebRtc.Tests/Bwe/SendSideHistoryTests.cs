using RtcGateway.WebRtc.Bwe;
using RtcGateway.WebRtc.Rtcp;

namespace RtcGateway.WebRtc.Tests.Bwe;

public class SendSideHistoryTests
{
    private static bool Feed(SendSideHistory history, byte[] packet, long nowUs, out TransportPacketsFeedback? result)
    {
        Assert.Equal(RtcpTransportFeedbackError.None, RtcpTransportFeedback.TryRead(TransportFeedbackBuilder.Body(packet), out RtcpTransportFeedback feedback));
        return history.TryOnTransportFeedback(feedback, nowUs, out result);
    }

    [Fact]
    public void AllReceived_ResolvesSendTimesSizesAndArrivals_AndEmptiesFlight()
    {
        var history = new SendSideHistory();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(history.OnPacketSent((ushort)(100 + i), 1000 + i, 5_000_000 + (i * 1000)));
        }

        Assert.Equal(10_045, history.BytesInFlight);
        long?[] arrivals = Enumerable.Range(0, 10).Select(i => (long?)(640_000 + (i * 1500))).ToArray();
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(100, arrivals), 5_040_000, out TransportPacketsFeedback? result));
        Assert.Equal(5_040_000, result!.FeedbackTimeUs);
        Assert.Equal(10, result.Packets.Count);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(new PacketResult(100 + i, 5_000_000 + (i * 1000), 1000 + i, 640_000 + (i * 1500)), result.Packets[i]);
        }

        Assert.Equal(0, history.BytesInFlight);
        Assert.Equal(1, history.FeedbacksProcessed);
    }

    [Fact]
    public void LostThenReceived_ReportedTwice_DuplicateIgnored()
    {
        var history = new SendSideHistory();
        for (int i = 0; i < 5; i++)
        {
            history.OnPacketSent((ushort)i, 500, i * 1000);
        }

        Assert.True(Feed(history, TransportFeedbackBuilder.Build(0, [64_000, 65_000, null, 67_000]), 50_000, out TransportPacketsFeedback? first));
        Assert.Equal([true, true, false, true], first!.Packets.Select(p => p.Received));
        Assert.Equal(PacketResult.NotReceived, first.Packets[2].ArrivalTimeUs);
        Assert.Equal(500, history.BytesInFlight);

        byte[] late = TransportFeedbackBuilder.Build(2, [70_000, null, 71_000], 1);
        Assert.True(Feed(history, late, 60_000, out TransportPacketsFeedback? second));
        Assert.Equal([2L, 4L], second!.Packets.Select(p => p.TransportSequenceNumber));
        Assert.Equal(70_000, second.Packets[0].ArrivalTimeUs);
        Assert.Equal(0, history.BytesInFlight);
        Assert.Equal(1, history.PacketsDuplicate); // 3 reported again (as lost after it was acknowledged)

        Assert.False(Feed(history, late, 61_000, out TransportPacketsFeedback? none));
        Assert.Null(none);
        Assert.Equal(1, history.FeedbacksIgnored);
        Assert.Equal(4, history.PacketsDuplicate);
    }

    [Fact]
    public void SequenceWrapAround_UnwrapsTo64Bits()
    {
        var history = new SendSideHistory();
        for (int i = 0; i < 12; i++)
        {
            history.OnPacketSent((ushort)(65530 + i), 100, i * 100);
        }

        Assert.Equal(65541, history.LastSentSequenceNumber);
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(65534, [64_000, 64_250, 64_500, 64_750, 65_000, 65_250]), 9_000, out TransportPacketsFeedback? result));
        Assert.Equal([65534L, 65535, 65536, 65537, 65538, 65539], result!.Packets.Select(p => p.TransportSequenceNumber));
        Assert.Equal([400L, 500, 600, 700, 800, 900], result.Packets.Select(p => p.SendTimeUs));
    }

    [Fact]
    public void ReferenceTimeWrap_ArrivalsStayContinuous()
    {
        var history = new SendSideHistory();
        history.OnPacketSent(0, 100, 0);
        history.OnPacketSent(1, 100, 100_000);
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(0, [0], referenceTime: 0xFF_FFFF), 10, out TransportPacketsFeedback? first));
        long a0 = first!.Packets[0].ArrivalTimeUs;
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(1, [64_000], referenceTime: 1), 20, out TransportPacketsFeedback? second));
        // Reference 0xFFFFFF → 0x000001 is +2 units (128 ms), plus the 64 ms delta of the second arrival.
        Assert.Equal(192_000, second!.Packets[0].ArrivalTimeUs - a0);
    }

    [Fact]
    public void ReorderedFeedbackMessages_EachPacketOnce()
    {
        var history = new SendSideHistory();
        for (int i = 0; i < 20; i++)
        {
            history.OnPacketSent((ushort)i, 100, i * 1000);
        }

        long?[] Arrivals(int from) => Enumerable.Range(from, 10).Select(i => (long?)(64_000 + (i * 1000))).ToArray();
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(10, Arrivals(10), 2), 30_000, out TransportPacketsFeedback? newer));
        Assert.Equal(10L, newer!.Packets[0].TransportSequenceNumber);
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(0, Arrivals(0), 1), 31_000, out TransportPacketsFeedback? older));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), older!.Packets.Select(p => p.TransportSequenceNumber));
        long?[] all = Enumerable.Range(0, 20).Select(i => (long?)(64_000 + (i * 1000))).ToArray();
        Assert.False(Feed(history, TransportFeedbackBuilder.Build(0, all, 1), 32_000, out _));
        Assert.Equal(2, history.FeedbacksProcessed);
        Assert.Equal(1, history.FeedbacksIgnored);
        Assert.Equal(20, history.PacketsDuplicate);
    }

    [Fact]
    public void UnknownAndFutureSequenceNumbers_Counted()
    {
        var history = new SendSideHistory();
        Assert.False(Feed(history, TransportFeedbackBuilder.Build(0, [64_000]), 0, out _));
        history.OnPacketSent(1000, 100, 0);
        Assert.False(Feed(history, TransportFeedbackBuilder.Build(1001, [64_000, 64_100]), 1, out _));
        Assert.False(Feed(history, TransportFeedbackBuilder.Build(500, [64_000]), 1, out _));
        Assert.Equal(4, history.PacketsUnknown);
        Assert.Equal(3, history.FeedbacksIgnored);
        Assert.Equal(100, history.BytesInFlight);
    }

    [Fact]
    public void AgeEviction_LeavesFlight_AndFeedbackIsUnknown()
    {
        var history = new SendSideHistory(new SendSideHistoryOptions { MaxAgeUs = 2_000_000 });
        history.OnPacketSent(0, 300, 0);
        history.OnPacketSent(1, 200, 1_000_000);
        history.OnPacketSent(2, 100, 2_500_000);
        Assert.Equal(300, history.BytesInFlight);
        Assert.Equal(1, history.PacketsEvictedWithoutFeedback);
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(0, [64_000, 65_000, 66_000]), 2_600_000, out TransportPacketsFeedback? result));
        Assert.Equal([1L, 2L], result!.Packets.Select(p => p.TransportSequenceNumber));
        Assert.Equal(1, history.PacketsUnknown);
    }

    [Fact]
    public void CapacityEviction_KeepsNewest()
    {
        var history = new SendSideHistory(new SendSideHistoryOptions { Capacity = 256 });
        for (int i = 0; i < 300; i++)
        {
            history.OnPacketSent((ushort)i, 10, i);
        }

        Assert.Equal(2560, history.BytesInFlight);
        Assert.Equal(44, history.PacketsEvictedWithoutFeedback);
        long?[] arrivals = Enumerable.Range(0, 300).Select(i => (long?)(64_000 + i)).ToArray();
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(0, arrivals), 400, out TransportPacketsFeedback? result));
        Assert.Equal(256, result!.Packets.Count);
        Assert.Equal(44L, result.Packets[0].TransportSequenceNumber);
        Assert.Equal(44, history.PacketsUnknown);
    }

    [Fact]
    public void ProbeClusterId_PassesThrough_AndNonAdvancingSendIgnored()
    {
        var history = new SendSideHistory();
        history.OnPacketSent(7, 1200, 0, probeClusterId: 3);
        Assert.False(history.OnPacketSent(7, 1200, 1));
        Assert.False(history.OnPacketSent(6, 1200, 1));
        Assert.Equal(2, history.SendsIgnored);
        Assert.True(Feed(history, TransportFeedbackBuilder.Build(7, [64_000]), 10, out TransportPacketsFeedback? result));
        Assert.Equal(3, result!.Packets[0].ProbeClusterId);
    }

    [Fact]
    public void InvalidBody_Counted()
    {
        var history = new SendSideHistory();
        history.OnPacketSent(0, 1, 0);
        Assert.False(history.TryOnTransportFeedback(new byte[12], 0, out _));
        Assert.Equal(1, history.FeedbacksInvalid);
        Assert.True(history.TryOnTransportFeedback(TransportFeedbackBuilder.Body(TransportFeedbackBuilder.Build(0, [64_000])), 0, out _));
    }

    [Fact]
    public void Options_Validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendSideHistory(new SendSideHistoryOptions { Capacity = 1000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendSideHistory(new SendSideHistoryOptions { MaxAgeUs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendSideHistory().OnPacketSent(0, -1, 0));
    }

    [Fact]
    public void SteadyState_NoAllocationPerPacket()
    {
        var history = new SendSideHistory();
        const int PerFeedback = 50;
        byte[][] feedbacks = new byte[40][];
        for (int f = 0; f < feedbacks.Length; f++)
        {
            ushort first = (ushort)(f * PerFeedback);
            feedbacks[f] = TransportFeedbackBuilder.Build(first, Enumerable.Range(0, PerFeedback).Select(i => (long?)(64_000 + ((first + i) * 500L))).ToArray(), (byte)f);
        }

        int sequence = 0;
        long now = 0;
        void Round(int f)
        {
            for (int i = 0; i < PerFeedback; i++)
            {
                history.OnPacketSent((ushort)sequence++, 1200, now += 500);
            }

            RtcpTransportFeedback.TryRead(TransportFeedbackBuilder.Body(feedbacks[f]), out RtcpTransportFeedback feedback);
            Assert.True(history.TryOnTransportFeedback(feedback, now, out _));
        }

        for (int f = 0; f < 20; f++)
        {
            Round(f);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 20; f < 40; f++)
        {
            Round(f);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One TransportPacketsFeedback record per feedback message (its packet list is reused), nothing per packet.
        Assert.True(allocated <= 20 * 64, $"allocated {allocated} bytes for 20 feedbacks of {PerFeedback} packets");
    }
}
