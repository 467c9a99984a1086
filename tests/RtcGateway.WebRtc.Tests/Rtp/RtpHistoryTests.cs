using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtp;

public class RtpHistoryTests
{
    private static PacketizedFrame Frame(CountingArrayPool pool, int seed, int length = 3000) =>
        new H264Packetizer(pool).Packetize([new byte[length].Select((_, i) => i == 0 ? (byte)0x41 : (byte)(i * seed)).ToArray()], 1124);

    [Fact]
    public void EvictsByAge_AndReleasesFrames()
    {
        var pool = new CountingArrayPool();
        var history = new RtpHistory(capacity: 8, maxAgeMs: 1000);
        PacketizedFrame f0 = Frame(pool, 1);
        long id0 = history.Add(f0, nowMs: 0);
        f0.Release();
        PacketizedFrame f1 = Frame(pool, 2);
        long id1 = history.Add(f1, nowMs: 600);
        f1.Release();
        Assert.Equal(2, pool.Outstanding);
        Assert.True(history.TryGetFrame(id0, 1000, out _));
        Assert.False(history.TryGetFrame(id0, 1001, out _));
        history.Evict(1001);
        Assert.Equal(1, history.Count);
        Assert.Equal(1, pool.Outstanding);
        Assert.True(history.TryGetFrame(id1, 1001, out PacketizedFrame got));
        Assert.Same(f1, got);
        history.Dispose();
        Assert.Equal(0, pool.Outstanding);
        Assert.False(history.TryGetFrame(id1, 1001, out _));
    }

    [Fact]
    public void EvictsOldestWhenFull()
    {
        var pool = new CountingArrayPool();
        var history = new RtpHistory(capacity: 4, maxAgeMs: 10_000);
        var ids = new List<long>();
        for (int i = 0; i < 10; i++)
        {
            PacketizedFrame f = Frame(pool, i);
            ids.Add(history.Add(f, i));
            f.Release();
        }

        Assert.Equal(4, history.Count);
        Assert.Equal(4, pool.Outstanding);
        Assert.False(history.TryGetFrame(ids[5], 10, out _));
        Assert.True(history.TryGetFrame(ids[6], 10, out _));
        Assert.True(history.TryGetFrame(ids[9], 10, out _));
        Assert.False(history.TryGetFrame(10, 10, out _));
        Assert.False(history.TryGetFrame(-1, 10, out _));
        history.Clear();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void SequenceMap_WrapsAt16Bits_AndRebuildsIdenticalPacket()
    {
        var pool = new CountingArrayPool();
        using var history = new RtpHistory();
        var map = new RtpSequenceMap(capacity: 64);
        var ids = new RtpHeaderExtensionIds(midId: 1, mid: "0", playoutDelayId: 2, absCaptureTimeId: 3, transportWideCcId: 4);
        var sent = new Dictionary<ushort, byte[]>();
        ushort seq = 65500;
        ushort twcc = 0;
        var buffer = new byte[1300];
        for (int frameNo = 0; frameNo < 20; frameNo++)
        {
            PacketizedFrame frame = Frame(pool, frameNo + 3, 2500);
            long now = frameNo * 33;
            long frameId = history.Add(frame, now);
            long captureUs = 1_700_000_000_000_000 + (now * 1000);
            uint ts = RtpClock.ToRtpTimestamp(captureUs, 12345);
            for (int i = 0; i < frame.PayloadCount; i++)
            {
                var p = new RtpSendParameters { Ssrc = 9, PayloadType = 96, SequenceNumber = seq, Timestamp = ts, CaptureTimeUs = captureUs, TransportSequenceNumber = twcc++, Extensions = ids };
                int length = RtpPacketWriter.Write(buffer, p, frame, i);
                sent[seq] = buffer.AsSpan(0, length).ToArray();
                map.Record(seq, new RtpSequenceMapEntry(frameId, i, ts, frame.IsLast(i), i == 0, captureUs, now));
                seq++;
            }

            frame.Release();
        }

        // 20 frames × 3 packets = 60 packets: sequence numbers wrapped past 65535.
        Assert.True(seq < 65500);
        long nowMs = 19 * 33;
        int rebuilt = 0;
        foreach ((ushort s, byte[] original) in sent)
        {
            Assert.True(map.TryGetPacket(s, history, nowMs, out RtpSequenceMapEntry e, out PacketizedFrame f));
            var p = new RtpSendParameters { Ssrc = 9, PayloadType = 96, SequenceNumber = s, Timestamp = e.Timestamp, CaptureTimeUs = e.CaptureTimeUs, TransportSequenceNumber = 0, Extensions = ids };
            int length = RtpPacketWriter.Write(buffer, p, f, e.PayloadIndex);
            byte[] again = buffer.AsSpan(0, length).ToArray();
            Assert.Equal(original.Length, again.Length);
            Assert.True(RtpHeader.TryRead(original, out RtpHeader h1));
            Assert.True(RtpHeader.TryRead(again, out RtpHeader h2));
            Assert.Equal(h1.Marker, h2.Marker);
            Assert.Equal(h1.SequenceNumber, h2.SequenceNumber);
            Assert.Equal(h1.Timestamp, h2.Timestamp);
            Assert.True(h1.GetPayload(original).SequenceEqual(h2.GetPayload(again)));
            rebuilt++;
        }

        Assert.Equal(60, rebuilt);
        Assert.False(map.TryGet(unchecked((ushort)(seq + 1)), nowMs, out _));
        Assert.False(map.TryGet((ushort)(seq - 1), nowMs + 2000, out _), "expired by age");
    }

    [Fact]
    public void SequenceMap_OverwrittenSlot_IsNotReturned()
    {
        var map = new RtpSequenceMap(capacity: 16);
        map.Record(1, new RtpSequenceMapEntry(1, 0, 0, false, false, 0, 0));
        map.Record(17, new RtpSequenceMapEntry(2, 0, 0, false, false, 0, 0));
        Assert.False(map.TryGet(1, 0, out _));
        Assert.True(map.TryGet(17, 0, out RtpSequenceMapEntry e));
        Assert.Equal(2, e.FrameId);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpSequenceMap(capacity: 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpHistory(capacity: 3));
    }
}
