using RtcGateway.WebRtc.Rtcp;
using S = RtcGateway.WebRtc.Rtcp.RtcpPacketStatusSymbol;

namespace RtcGateway.WebRtc.Tests.Rtcp;

public class RtcpTransportFeedbackTests
{
    private const uint Media = 0x11223344;
    private const uint Browser = 0x00000001;

    private static List<RtcpTransportFeedbackStatus> ReadAll(byte[] packet, out RtcpTransportFeedbackError error, out int receivedCount)
    {
        var list = new List<RtcpTransportFeedbackStatus>();
        error = RtcpTransportFeedback.TryRead(packet.AsSpan(4), out RtcpTransportFeedback feedback);
        receivedCount = error == RtcpTransportFeedbackError.None ? feedback.ReceivedCount : -1;
        if (error == RtcpTransportFeedbackError.None)
        {
            foreach (RtcpTransportFeedbackStatus status in feedback)
            {
                list.Add(status);
            }
        }

        return list;
    }

    [Fact]
    public void RunLengthChunk_ThreeSmallDeltas_ChromeShape()
    {
        byte[] packet = RtcpBytes.TransportCc(Browser, Media);
        var reader = new RtcpCompoundReader(packet);
        Assert.True(reader.TryReadNext(out RtcpPacket rtcp));
        RtcpTransportFeedback feedback = rtcp.AsTransportFeedback();
        Assert.Equal(Browser, feedback.SenderSsrc);
        Assert.Equal(Media, feedback.MediaSsrc);
        Assert.Equal(5, feedback.BaseSequenceNumber);
        Assert.Equal(3, feedback.PacketStatusCount);
        Assert.Equal(0x000102, feedback.ReferenceTime);
        Assert.Equal(7, feedback.FeedbackPacketCount);
        Assert.Equal(3, feedback.ReceivedCount);
        List<RtcpTransportFeedbackStatus> all = ReadAll(packet, out _, out _);
        long reference = 0x102 * 64_000L;
        Assert.Equal(
            [
                new RtcpTransportFeedbackStatus(5, S.ReceivedSmallDelta, 4, reference + 1000),
                new RtcpTransportFeedbackStatus(6, S.ReceivedSmallDelta, 4, reference + 2000),
                new RtcpTransportFeedbackStatus(7, S.ReceivedSmallDelta, 4, reference + 3000),
            ],
            all);
    }

    // Hand-built per §3.1: base 65533 (wraps), 10 packets, reference time 1 (64 ms), a two-bit vector chunk
    // [small, large, lost, small, lost, lost, large] then a one-bit vector chunk [small, lost, small] whose 11 unused
    // symbol bits are set (they must be ignored), deltas 10, -4, 255, 1000, 1, 0.
    private static readonly byte[] MixedChunks = RtcpBytes.Packet(15, 205, RtcpBytes.Concat(
        RtcpBytes.U32(Browser, Media),
        [0xFF, 0xFD, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x09],
        [0xD8, 0x42, 0xAB, 0xFF],
        [10, 0xFF, 0xFC, 255, 0x03, 0xE8, 1, 0]));

    [Fact]
    public void MixedChunks_WrapAround_NegativeAndLargeDeltas()
    {
        List<RtcpTransportFeedbackStatus> all = ReadAll(MixedChunks, out RtcpTransportFeedbackError error, out int received);
        Assert.Equal(RtcpTransportFeedbackError.None, error);
        Assert.Equal(6, received);
        Assert.Equal(
            [
                new RtcpTransportFeedbackStatus(65533, S.ReceivedSmallDelta, 10, 66_500),
                new RtcpTransportFeedbackStatus(65534, S.ReceivedLargeOrNegativeDelta, -4, 65_500),
                new RtcpTransportFeedbackStatus(65535, S.NotReceived, 0, 0),
                new RtcpTransportFeedbackStatus(0, S.ReceivedSmallDelta, 255, 129_250),
                new RtcpTransportFeedbackStatus(1, S.NotReceived, 0, 0),
                new RtcpTransportFeedbackStatus(2, S.NotReceived, 0, 0),
                new RtcpTransportFeedbackStatus(3, S.ReceivedLargeOrNegativeDelta, 1000, 379_250),
                new RtcpTransportFeedbackStatus(4, S.ReceivedSmallDelta, 1, 379_500),
                new RtcpTransportFeedbackStatus(5, S.NotReceived, 0, 0),
                new RtcpTransportFeedbackStatus(6, S.ReceivedSmallDelta, 0, 379_500),
            ],
            all);
        Assert.Equal(-1000, all[1].ReceiveDeltaUs);
    }

    [Fact]
    public void CopyTo_FillsCallerSpan_AndStopsAtItsLength()
    {
        Assert.Equal(RtcpTransportFeedbackError.None, RtcpTransportFeedback.TryRead(MixedChunks.AsSpan(4), out RtcpTransportFeedback feedback));
        Span<RtcpTransportFeedbackStatus> all = stackalloc RtcpTransportFeedbackStatus[16];
        Assert.Equal(10, feedback.CopyTo(all));
        Assert.Equal(ReadAll(MixedChunks, out _, out _), all[..10].ToArray());
        Span<RtcpTransportFeedbackStatus> some = stackalloc RtcpTransportFeedbackStatus[4];
        Assert.Equal(4, feedback.CopyTo(some));
        Assert.Equal((ushort)0, some[3].SequenceNumber);
    }

    [Fact]
    public void NegativeReferenceTime_IsSigned24Bit()
    {
        byte[] packet = Write(0, 0xFF_FFFF, [S.ReceivedSmallDelta], [4]);
        Assert.Equal(RtcpTransportFeedbackError.None, RtcpTransportFeedback.TryRead(packet.AsSpan(4), out RtcpTransportFeedback feedback));
        Assert.Equal(0xFF_FFFF, feedback.ReferenceTime);
        Assert.Equal(-1, feedback.SignedReferenceTime);
        Assert.Equal(-64_000 + 1000, ReadAll(packet, out _, out _)[0].ReceiveTimeUs);
    }

    [Fact]
    public void ZeroStatusCount_IsValidAndEmpty()
    {
        byte[] packet = RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 9, 0, 0, 0, 0, 1, 0]));
        Assert.Empty(ReadAll(packet, out RtcpTransportFeedbackError error, out int received));
        Assert.Equal(RtcpTransportFeedbackError.None, error);
        Assert.Equal(0, received);
    }

    [Fact]
    public void ZeroLengthRun_IsSkipped()
    {
        // Run of 0 (reserved symbol, harmless: it covers nothing), then a run of 2 lost packets.
        byte[] packet = RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 1, 0, 2, 0, 0, 0, 0], [0x60, 0x00, 0x00, 0x02]));
        List<RtcpTransportFeedbackStatus> all = ReadAll(packet, out RtcpTransportFeedbackError error, out _);
        Assert.Equal(RtcpTransportFeedbackError.None, error);
        Assert.Equal([(ushort)1, (ushort)2], all.Select(s => s.SequenceNumber));
        Assert.All(all, s => Assert.False(s.Received));
    }

    [Fact]
    public void ReservedSymbol_BeyondStatusCount_IsIgnored()
    {
        // Two-bit vector: [small, 11, 11, ...] with status count 1.
        byte[] packet = RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 1, 0, 1, 0, 0, 0, 0], [0xDF, 0xFF, 7, 0]));
        List<RtcpTransportFeedbackStatus> all = ReadAll(packet, out RtcpTransportFeedbackError error, out _);
        Assert.Equal(RtcpTransportFeedbackError.None, error);
        Assert.Equal(7, Assert.Single(all).ReceiveDeltaTicks);
    }

    [Fact]
    public void PaddingBit_HandledByCompoundReader()
    {
        byte[] body = RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 5, 0, 1, 0, 0, 1, 0], [0x20, 0x01, 9, 0], [0, 0, 0, 4]);
        byte[] packet = RtcpBytes.Packet(15, 205, body);
        packet[0] |= 0x20;
        var reader = new RtcpCompoundReader(RtcpBytes.Concat(packet, RtcpBytes.Pli(1, 2)));
        Assert.True(reader.TryReadNext(out RtcpPacket rtcp));
        Assert.Equal(RtcpPacketKind.TransportWideFeedback, rtcp.Kind);
        RtcpTransportFeedbackEnumerator e = rtcp.AsTransportFeedback().GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(new RtcpTransportFeedbackStatus(5, S.ReceivedSmallDelta, 9, 66_250), e.Current);
        Assert.False(e.MoveNext());
        Assert.True(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }

    public static TheoryData<byte[], RtcpTransportFeedbackError> MalformedCases() => new()
    {
        // Body of 12 bytes: no room for reference time / fb pkt count.
        { RtcpBytes.Packet(15, 205, RtcpBytes.U32(Browser, Media, 0x0000_0001)), RtcpTransportFeedbackError.TooShort },
        // Status count 20, one one-bit chunk (14 packets) and nothing after it.
        { RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0, 20, 0, 0, 0, 0], [0x80, 0x00, 0, 0])), RtcpTransportFeedbackError.ChunksTruncated },
        // Status count 3 and no chunk at all.
        { RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0, 3, 0, 0, 0, 0])), RtcpTransportFeedbackError.ChunksTruncated },
        // Run-length chunk with the reserved symbol 11.
        { RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0, 3, 0, 0, 0, 0], [0x60, 0x03, 0, 0])), RtcpTransportFeedbackError.ReservedSymbol },
        // Two-bit vector with 11 in the second symbol.
        { RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0, 3, 0, 0, 0, 0], [0xDC, 0x00, 1, 0])), RtcpTransportFeedbackError.ReservedSymbol },
        // Run of 3 small deltas, 2 delta bytes.
        { RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0, 3, 0, 0, 0, 0], [0x20, 0x03, 1, 1])), RtcpTransportFeedbackError.DeltasTruncated },
        // Run of 8191 large deltas: needs 16 KB of deltas.
        { RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0x1F, 0xFF, 0, 0, 0, 0], [0x5F, 0xFF, 1, 2])), RtcpTransportFeedbackError.DeltasTruncated },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_NamedError_AndCompoundReaderStops(byte[] packet, RtcpTransportFeedbackError expected)
    {
        Assert.Equal(expected, RtcpTransportFeedback.TryRead(packet.AsSpan(4), out _));
        var reader = new RtcpCompoundReader(RtcpBytes.Concat(RtcpBytes.Pli(1, 2), packet));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.MalformedTransportFeedback, reader.Error);
    }

    [Fact]
    public void OneLargeDelta_WithOneByteMissing_IsDeltasTruncated()
    {
        byte[] packet = RtcpBytes.Packet(15, 205, RtcpBytes.Concat(RtcpBytes.U32(Browser, Media), [0, 0, 0, 1, 0, 0, 0, 0], [0x40, 0x01, 0x12, 0x34]));
        Assert.Equal(RtcpTransportFeedbackError.None, RtcpTransportFeedback.TryRead(packet.AsSpan(4), out _));
        Assert.Equal(RtcpTransportFeedbackError.DeltasTruncated, RtcpTransportFeedback.TryRead(packet.AsSpan(4, packet.Length - 5), out _));
    }

    [Fact]
    public void Writer_RandomSequences_RoundTrip()
    {
        var random = new Random(15);
        for (int round = 0; round < 400; round++)
        {
            int count = round == 0 ? 65535 : random.Next(0, round % 10 == 0 ? 20_000 : 60);
            var symbols = new S[count];
            var deltas = new List<int>();
            int mode = random.Next(3);
            S run = S.NotReceived;
            for (int i = 0; i < count; i++)
            {
                if (random.Next(mode == 0 ? 2 : 40) == 0)
                {
                    run = (S)random.Next(3);
                }

                symbols[i] = mode == 2 ? (S)random.Next(3) : run;
                if (symbols[i] == S.ReceivedSmallDelta)
                {
                    deltas.Add(random.Next(256));
                }
                else if (symbols[i] == S.ReceivedLargeOrNegativeDelta)
                {
                    deltas.Add(random.Next(2) == 0 ? random.Next(short.MinValue, 0) : random.Next(256, short.MaxValue + 1));
                }
            }

            ushort baseSequence = (ushort)random.Next(65536);
            int reference = random.Next(1 << 24);
            var buffer = new byte[RtcpTransportFeedbackWriter.GetSize(symbols)];
            Assert.Equal(buffer.Length, RtcpTransportFeedbackWriter.WriteTo(buffer, Browser, Media, baseSequence, reference, (byte)round, symbols, deltas.ToArray()));
            Assert.Equal(0, buffer.Length % 4);

            var reader = new RtcpCompoundReader(buffer);
            Assert.True(reader.TryReadNext(out RtcpPacket rtcp), $"round {round}: {reader.Error}");
            RtcpTransportFeedback feedback = rtcp.AsTransportFeedback();
            Assert.Equal(baseSequence, feedback.BaseSequenceNumber);
            Assert.Equal(count, feedback.PacketStatusCount);
            Assert.Equal(reference, feedback.ReferenceTime);
            Assert.Equal((byte)round, feedback.FeedbackPacketCount);
            Assert.Equal(deltas.Count, feedback.ReceivedCount);
            int index = 0, delta = 0;
            long ticks = (long)feedback.SignedReferenceTime * 256;
            foreach (RtcpTransportFeedbackStatus status in feedback)
            {
                Assert.Equal((ushort)(baseSequence + index), status.SequenceNumber);
                Assert.Equal(symbols[index], status.Symbol);
                if (status.Received)
                {
                    ticks += deltas[delta];
                    Assert.Equal(deltas[delta++], status.ReceiveDeltaTicks);
                    Assert.Equal(ticks * 250, status.ReceiveTimeUs);
                }

                index++;
            }

            Assert.Equal(count, index);
            Assert.Equal(deltas.Count, delta);
        }
    }

    [Fact]
    public void Writer_RejectsInconsistentDeltas()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedbackWriter.WriteTo(buffer, 1, 2, 0, 0, 0, [S.ReceivedSmallDelta], [256]));
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedbackWriter.WriteTo(buffer, 1, 2, 0, 0, 0, [S.ReceivedSmallDelta], []));
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedbackWriter.WriteTo(buffer, 1, 2, 0, 0, 0, [S.NotReceived], [1]));
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedbackWriter.WriteTo(buffer, 1, 2, 0, 0, 0, [S.ReceivedLargeOrNegativeDelta], [40_000]));
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedbackWriter.WriteTo(buffer, 1, 2, 0, 0, 0, [(S)3], []));
        Assert.Throws<ArgumentException>(() => RtcpTransportFeedbackWriter.WriteTo(buffer.AsSpan(0, 8), 1, 2, 0, 0, 0, [S.NotReceived], []));
    }

    internal static byte[] Write(ushort baseSequence, int reference, S[] symbols, int[] deltas, byte count = 0)
    {
        var buffer = new byte[RtcpTransportFeedbackWriter.GetSize(symbols)];
        RtcpTransportFeedbackWriter.WriteTo(buffer, Browser, Media, baseSequence, reference, count, symbols, deltas);
        return buffer;
    }
}
