using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtp;

public class H264PacketizerTests
{
    private static byte[] Nal(byte header, int length, int seed)
    {
        var nal = new byte[length];
        new Random(seed).NextBytes(nal);
        nal[0] = header;
        return nal;
    }

    private static ReadOnlyMemory<byte>[] AccessUnit(params byte[][] nals) =>
        nals.Select(n => (ReadOnlyMemory<byte>)n).ToArray();

    [Fact]
    public void IdrAccessUnit_GroupsSpsPpsIntoOneStapA_BeforeIdr_DropsAudAndSei()
    {
        byte[] aud = [0x09, 0xF0];
        byte[] sps = Nal(0x67, 12, 1);
        byte[] pps = Nal(0x68, 4, 2);
        byte[] sei = Nal(0x06, 40, 3);
        byte[] idr = Nal(0x65, 500, 4);
        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit(aud, sps, pps, sei, idr), 1124), out PacketizedFrame frame);

        Assert.True(frame.IsKeyframe);
        Assert.Equal(2, frame.PayloadCount);
        ReadOnlySpan<byte> stap = frame.GetPayload(0);
        Assert.Equal(24, stap[0] & 0x1F);
        Assert.Equal(0x60, stap[0] & 0x60); // NRI = max(NRI of SPS, PPS) = 3
        Assert.Equal(1 + 2 + sps.Length + 2 + pps.Length, stap.Length);
        Assert.Equal(sps.Length, (stap[1] << 8) | stap[2]);
        Assert.True(stap.Slice(3, sps.Length).SequenceEqual(sps));
        Assert.Equal(pps.Length, (stap[3 + sps.Length] << 8) | stap[4 + sps.Length]);
        Assert.True(frame.GetPayload(1).SequenceEqual(idr));
        Assert.False(frame.IsLast(0));
        Assert.True(frame.IsLast(1));
        Assert.Equal(stap.Length + idr.Length, frame.TotalBytes);
    }

    [Fact]
    public void ParameterSetsAfterSlice_StillPlacedBeforeFirstSlice()
    {
        byte[] idr = Nal(0x65, 100, 5);
        byte[] sps = Nal(0x67, 10, 6);
        byte[] pps = Nal(0x68, 5, 7);
        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit(idr, sps, pps), 1124), out PacketizedFrame frame);
        List<byte[]> nals = H264Depacketizer.Depacketize(frame);
        Assert.Equal([sps, pps, idr], nals);
    }

    [Theory]
    [InlineData(1124, 5000)]
    [InlineData(1124, 1125)]
    [InlineData(100, 1000)]
    [InlineData(3, 40)]
    [InlineData(1124, 200_000)]
    public void LargeNal_FuA_ReassemblesToOriginal_FragmentsWithinBudget(int maxPayload, int nalLength)
    {
        byte[] slice = Nal(0x41, nalLength, nalLength);
        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit(slice), maxPayload), out PacketizedFrame frame);
        int expectedFragments = (nalLength - 1 + maxPayload - 3) / (maxPayload - 2);
        Assert.Equal(expectedFragments, frame.PayloadCount);
        int min = int.MaxValue, max = 0;
        for (int i = 0; i < frame.PayloadCount; i++)
        {
            ReadOnlySpan<byte> p = frame.GetPayload(i);
            Assert.True(p.Length <= maxPayload);
            Assert.Equal(0x41 & 0xE0 | 28, p[0]);
            Assert.Equal(i == 0, (p[1] & 0x80) != 0);
            Assert.Equal(i == frame.PayloadCount - 1, (p[1] & 0x40) != 0);
            Assert.Equal(1, p[1] & 0x1F);
            Assert.Equal(i == frame.PayloadCount - 1, frame.IsLast(i));
            min = Math.Min(min, p.Length);
            max = Math.Max(max, p.Length);
        }

        Assert.True(max - min <= 1, "fragments are balanced");
        Assert.False(frame.IsKeyframe);
        Assert.Equal(slice, Assert.Single(H264Depacketizer.Depacketize(frame)));
    }

    [Fact]
    public void NalExactlyAtBudget_IsSingleNalPacket()
    {
        byte[] slice = Nal(0x41, 1124, 9);
        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit(slice), 1124), out PacketizedFrame frame);
        Assert.Equal(1, frame.PayloadCount);
        Assert.True(frame.GetPayload(0).SequenceEqual(slice));
    }

    [Fact]
    public void MultiSliceIdr_RoundTripsAndOnlyLastMarked()
    {
        var random = new Random(42);
        var nals = new List<byte[]> { Nal(0x09, 2, 0), Nal(0x67, 20, 1), Nal(0x68, 6, 2) };
        for (int i = 0; i < 8; i++)
        {
            nals.Add(Nal(0x65, random.Next(2, 30_000), 10 + i));
        }

        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit(nals.ToArray()), 1124), out PacketizedFrame frame);
        List<byte[]> back = H264Depacketizer.Depacketize(frame);
        Assert.Equal(nals.Skip(1).ToList(), back);
        int marked = Enumerable.Range(0, frame.PayloadCount).Count(frame.IsLast);
        Assert.Equal(1, marked);
    }

    [Fact]
    public void LoneSps_SentAsSingleNal_AndHugeParameterSetsFallBackToSingles()
    {
        byte[] sps = Nal(0x67, 10, 1);
        byte[] slice = Nal(0x41, 10, 2);
        using (new FrameScope(new H264Packetizer().Packetize(AccessUnit(sps, slice), 1124), out PacketizedFrame frame))
        {
            Assert.Equal(2, frame.PayloadCount);
            Assert.True(frame.GetPayload(0).SequenceEqual(sps));
        }

        byte[] bigSps = Nal(0x67, 80, 3);
        byte[] bigPps = Nal(0x68, 80, 4);
        using (new FrameScope(new H264Packetizer().Packetize(AccessUnit(bigSps, bigPps, slice), 100), out PacketizedFrame frame))
        {
            Assert.Equal([bigSps, bigPps, slice], H264Depacketizer.Depacketize(frame));
            Assert.Equal(3, frame.PayloadCount);
        }
    }

    [Fact]
    public void EmptyAndInvalidNals_AreDropped_EmptyFrameHasNoPayloads()
    {
        byte[] reserved = [0x18, 1, 2];
        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit([], reserved, [0x0C, 0xFF], [0x09, 0x10]), 1124), out PacketizedFrame frame);
        Assert.Equal(0, frame.PayloadCount);
        Assert.Equal(0, frame.TotalBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.GetPayload(0).Length);
    }

    [Fact]
    public void InvalidBudget_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer().Packetize([], 2));
        Assert.Throws<ArgumentNullException>(() => new H264Packetizer().Packetize(null!, 1124));
    }

    [Fact]
    public void RefCount_ReturnsBufferAtZero_DoubleReleaseDetected()
    {
        var pool = new CountingArrayPool();
        PacketizedFrame frame = new H264Packetizer(pool).Packetize(AccessUnit(Nal(0x65, 3000, 1)), 1124);
        Assert.Equal(1, pool.Outstanding);
        frame.AddRef();
        frame.AddRef();
        Assert.Equal(3, frame.ReferenceCount);
        frame.Release();
        frame.Release();
        Assert.Equal(1, pool.Outstanding);
        Assert.False(frame.IsReleased);
        frame.Release();
        Assert.Equal(0, pool.Outstanding);
        Assert.True(frame.IsReleased);
        Assert.Throws<InvalidOperationException>(frame.Release);
        Assert.Throws<ObjectDisposedException>(frame.AddRef);
        Assert.Throws<ObjectDisposedException>(() => frame.GetPayload(0).Length);
        Assert.Throws<ObjectDisposedException>(() => frame.IsLast(0));
    }

    [Fact]
    public void EveryDatagram_FitsBudget_WithLongestMidAndAllExtensions_BothForms()
    {
        const string mid = "abcdefghijklmnop"; // 16 chars: RtpHeaderExtensionIds.MaxMidLength
        var idSets = new[]
        {
            new RtpHeaderExtensionIds(midId: 1, mid: mid, playoutDelayId: 2, absCaptureTimeId: 3, transportWideCcId: 4, absSendTimeId: 5),
            new RtpHeaderExtensionIds(midId: 200, mid: mid, playoutDelayId: 201, absCaptureTimeId: 202, transportWideCcId: 203, absSendTimeId: 255),
        };
        var random = new Random(7);
        var nals = new List<byte[]> { Nal(0x67, 30, 1), Nal(0x68, 8, 2), Nal(0x65, 200_000, 3), Nal(0x65, 1, 4) };
        int maxPayload = RtpPayloadBudget.MaxPayloadSize();
        Assert.Equal(1124, maxPayload);
        using var _ = new FrameScope(new H264Packetizer().Packetize(AccessUnit(nals.ToArray()), maxPayload), out PacketizedFrame frame);
        var buffer = new byte[1500];
        int checkedPackets = 0;
        foreach (RtpHeaderExtensionIds ids in idSets)
        {
            for (int i = 0; i < frame.PayloadCount; i++)
            {
                var p = new RtpSendParameters
                {
                    Ssrc = 1, PayloadType = 102, SequenceNumber = (ushort)i, Timestamp = 5, Extensions = ids,
                    TransportSequenceNumber = (ushort)random.Next(), CaptureTimeUs = 1_700_000_000_000_000,
                };
                int length = RtpPacketWriter.Write(buffer, p, frame, i);
                Assert.True(length + RtpPayloadBudget.MaxSrtpOverhead <= RtpPayloadBudget.DefaultDatagramBudget, $"packet {i}: {length}");
                Assert.True(RtpPacketWriter.GetExtensionBlockSize(p with { FirstPacketOfFrame = true }) <= RtpPayloadBudget.MaxExtensionBlockSize);
                checkedPackets++;
            }
        }

        Assert.Equal(2 * frame.PayloadCount, checkedPackets);
        Assert.True(frame.PayloadCount > 170);
    }

    private readonly struct FrameScope : IDisposable
    {
        private readonly PacketizedFrame _frame;

        public FrameScope(PacketizedFrame frame, out PacketizedFrame value)
        {
            _frame = frame;
            value = frame;
        }

        public void Dispose() => _frame.Release();
    }
}
