using System.Text;
using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    private const uint Media = 0x11223344;
    private const uint Browser = 0x00000001;

    [Fact]
    public void ChromeCompound_RrSdesNackPliTwcc()
    {
        byte[] datagram = RtcpBytes.Concat(
            RtcpBytes.ReceiverReport(Media, 0xAABBCCDD, 0x00010000),
            RtcpBytes.SdesCname(Browser, "AbCdEfGhIjKlMnOp"),
            RtcpBytes.Nack(Browser, Media, (100, 0b1000_0000_0000_0101)),
            RtcpBytes.Pli(Browser, Media),
            RtcpBytes.TransportCc(Browser, Media));
        var reader = new RtcpCompoundReader(datagram);
        var kinds = new List<RtcpPacketKind>();
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            kinds.Add(packet.Kind);
            switch (packet.Kind)
            {
                case RtcpPacketKind.ReceiverReport:
                    RtcpReceiverReport rr = packet.AsReceiverReport();
                    Assert.Equal(Browser, rr.Ssrc);
                    Assert.Equal(1, rr.ReportBlockCount);
                    RtcpReportBlock block = rr.GetReportBlock(0);
                    Assert.Equal(new RtcpReportBlock(Media, 5, -2, 0x0001_0010, 42, 0xAABBCCDD, 0x00010000), block);
                    Assert.Throws<ArgumentOutOfRangeException>(() => RrBlock(datagram, 1));
                    break;
                case RtcpPacketKind.SourceDescription:
                    int items = 0;
                    foreach (RtcpSdesItem item in packet.AsSourceDescription().GetItems())
                    {
                        Assert.Equal(Browser, item.Ssrc);
                        Assert.Equal(RtcpSourceDescription.CnameItemType, item.Type);
                        Assert.Equal("AbCdEfGhIjKlMnOp", Encoding.ASCII.GetString(item.Value));
                        items++;
                    }

                    Assert.Equal(1, items);
                    break;
                case RtcpPacketKind.GenericNack:
                    RtcpGenericNack nack = packet.AsGenericNack();
                    Assert.Equal(Media, nack.MediaSsrc);
                    Assert.Equal(Browser, nack.SenderSsrc);
                    var lost = new List<ushort>();
                    foreach (ushort seq in nack.GetLostSequenceNumbers())
                    {
                        lost.Add(seq);
                    }

                    Assert.Equal(new ushort[] { 100, 101, 103, 116 }, lost);
                    break;
                case RtcpPacketKind.PictureLossIndication:
                    Assert.Equal(Media, packet.AsPictureLossIndication().MediaSsrc);
                    break;
                case RtcpPacketKind.TransportWideFeedback:
                    Assert.Equal(Media, packet.FeedbackMediaSsrc);
                    Assert.Equal(Browser, packet.FeedbackSenderSsrc);
                    break;
            }
        }

        Assert.Equal(RtcpReadError.None, reader.Error);
        Assert.Equal(5, reader.PacketsRead);
        Assert.Equal(
            [RtcpPacketKind.ReceiverReport, RtcpPacketKind.SourceDescription, RtcpPacketKind.GenericNack, RtcpPacketKind.PictureLossIndication, RtcpPacketKind.TransportWideFeedback],
            kinds);
    }

    private static RtcpReportBlock RrBlock(byte[] datagram, int index)
    {
        var reader = new RtcpCompoundReader(datagram);
        reader.TryReadNext(out RtcpPacket packet);
        return packet.AsReceiverReport().GetReportBlock(index);
    }

    [Fact]
    public void ReducedSize_LonePli()
    {
        var reader = new RtcpCompoundReader(RtcpBytes.Pli(Browser, Media));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketKind.PictureLossIndication, packet.Kind);
        RtcpPictureLossIndication pli = packet.AsPictureLossIndication();
        Assert.Equal(Browser, pli.SenderSsrc);
        Assert.Equal(Media, pli.MediaSsrc);
        Assert.Throws<InvalidOperationException>(() => AsSr(RtcpBytes.Pli(Browser, Media)));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }

    private static uint AsSr(byte[] datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        reader.TryReadNext(out RtcpPacket packet);
        return packet.AsSenderReport().Ssrc;
    }

    [Fact]
    public void Nack_MultipleItems_WrapAround()
    {
        var reader = new RtcpCompoundReader(RtcpBytes.Nack(Browser, Media, (65534, 0b11), (7, 0)));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        RtcpGenericNack nack = packet.AsGenericNack();
        Assert.Equal(2, nack.ItemCount);
        Assert.Equal(((ushort)65534, (ushort)3), nack.GetItem(0));
        var lost = new List<ushort>();
        foreach (ushort seq in nack.GetLostSequenceNumbers())
        {
            lost.Add(seq);
        }

        Assert.Equal(new ushort[] { 65534, 65535, 0, 7 }, lost);
    }

    [Fact]
    public void Fir_Entries()
    {
        var reader = new RtcpCompoundReader(RtcpBytes.Fir(Browser, (Media, 3), (0x55, 200)));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketKind.FullIntraRequest, packet.Kind);
        RtcpFullIntraRequest fir = packet.AsFullIntraRequest();
        Assert.Equal(Browser, fir.SenderSsrc);
        Assert.Equal(0u, fir.MediaSsrc);
        Assert.Equal(2, fir.EntryCount);
        Assert.Equal(new RtcpFirEntry(Media, 3), fir.GetEntry(0));
        Assert.Equal(new RtcpFirEntry(0x55, 200), fir.GetEntry(1));
    }

    [Fact]
    public void RembAndUnknown_RecognisedAndSkipped()
    {
        byte[] app = RtcpBytes.Packet(0, 204, RtcpBytes.Concat(RtcpBytes.U32(1), "NAME"u8.ToArray()));
        byte[] xr = RtcpBytes.Packet(0, 207, RtcpBytes.U32(1, 2));
        byte[] tmmbr = RtcpBytes.Packet(3, 205, RtcpBytes.U32(1, 2, 3, 4));
        var reader = new RtcpCompoundReader(RtcpBytes.Concat(RtcpBytes.Remb(Browser, Media), app, xr, tmmbr, RtcpBytes.Pli(1, 2)));
        var kinds = new List<RtcpPacketKind>();
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            kinds.Add(packet.Kind);
        }

        Assert.Equal(RtcpReadError.None, reader.Error);
        Assert.Equal([RtcpPacketKind.ReceiverEstimatedMaxBitrate, RtcpPacketKind.Unknown, RtcpPacketKind.Unknown, RtcpPacketKind.Unknown, RtcpPacketKind.PictureLossIndication], kinds);
    }

    [Fact]
    public void SenderReportWriter_RoundTrip_WithBlocksAndCname()
    {
        var info = new RtcpSenderInfo(Media, NtpTimestamp.FromUnixMicroseconds(1_700_000_000_250_000), 123456, 1000, 1_100_000);
        RtcpReportBlock[] blocks = [new RtcpReportBlock(77, 1, -5, 99, 3, 4, 5)];
        byte[] cname = "gateway-cname"u8.ToArray();
        var buffer = new byte[RtcpSenderReportWriter.GetSize(blocks.Length, cname.Length)];
        Assert.Equal(buffer.Length, RtcpSenderReportWriter.WriteTo(buffer, info, blocks, cname));
        Assert.Equal(0, buffer.Length % 4);

        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        RtcpSenderReport sr = packet.AsSenderReport();
        Assert.Equal(Media, sr.Ssrc);
        Assert.Equal(info.NtpTimestamp, sr.NtpTimestamp);
        Assert.Equal(123456u, sr.RtpTimestamp);
        Assert.Equal(1000u, sr.PacketCount);
        Assert.Equal(1_100_000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportBlockCount);
        Assert.Equal(blocks[0], sr.GetReportBlock(0));
        Assert.True(reader.TryReadNext(out packet));
        RtcpSdesItemEnumerator items = packet.AsSourceDescription().GetItems();
        Assert.True(items.MoveNext());
        Assert.True(items.Current.Value.SequenceEqual(cname));
        Assert.Equal(Media, items.Current.Ssrc);
        Assert.False(items.MoveNext());
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(255)]
    public void SdesCname_AllPaddingLengths(int cnameLength)
    {
        byte[] cname = Enumerable.Repeat((byte)'x', cnameLength).ToArray();
        var buffer = new byte[RtcpSenderReportWriter.GetSdesSize(cnameLength)];
        RtcpSenderReportWriter.WriteSdesCname(buffer, 5, cname);
        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        RtcpSdesItemEnumerator items = packet.AsSourceDescription().GetItems();
        Assert.True(items.MoveNext());
        Assert.Equal(cnameLength, items.Current.Value.Length);
        Assert.False(items.MoveNext());
        Assert.True(items.Completed);
    }

    [Fact]
    public void SenderReportWithoutBlocks_AndBye_RoundTrip()
    {
        var info = new RtcpSenderInfo(9, NtpTimestamp.FromUnixMicroseconds(5), 1, 2, 3);
        var buffer = new byte[RtcpSenderReportWriter.GetSenderReportSize(0) + RtcpByeWriter.GetSize(2, 6)];
        int length = RtcpSenderReportWriter.WriteSenderReport(buffer, info, []);
        Assert.Equal(28, length);
        length += RtcpByeWriter.WriteTo(buffer.AsSpan(length), [9, 10], "closed"u8);
        Assert.Equal(buffer.Length, length);

        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(0, packet.AsSenderReport().ReportBlockCount);
        Assert.True(reader.TryReadNext(out packet));
        RtcpGoodbye bye = packet.AsGoodbye();
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(9u, bye.GetSsrc(0));
        Assert.Equal(10u, bye.GetSsrc(1));
        Assert.Equal("closed", Encoding.ASCII.GetString(bye.Reason));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }

    [Fact]
    public void Padding_OnLastPacket_IsRemoved()
    {
        byte[] pli = RtcpBytes.Pli(1, 2);
        byte[] padded = RtcpBytes.Packet(1, 206, RtcpBytes.Concat(RtcpBytes.U32(1, 2), [0, 0, 0, 4]));
        padded[0] |= 0x20;
        var reader = new RtcpCompoundReader(RtcpBytes.Concat(pli, padded));
        Assert.True(reader.TryReadNext(out _));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(8, packet.Body.Length);
        Assert.Equal(2u, packet.AsPictureLossIndication().MediaSsrc);
    }

    public static TheoryData<byte[], RtcpReadError> MalformedCases() => new()
    {
        { [0x80, 201, 0], RtcpReadError.TruncatedHeader },
        { [0x40, 201, 0, 0], RtcpReadError.UnsupportedVersion },
        { [0x80, 201, 0, 2, 0, 0, 0, 1], RtcpReadError.LengthExceedsDatagram },
        { [0xA0, 201, 0, 1, 0, 0, 0, 0], RtcpReadError.InvalidPadding },
        { [0xA0, 201, 0, 1, 0, 0, 0, 9], RtcpReadError.InvalidPadding },
        { RtcpBytes.Packet(1, 200, RtcpBytes.U32(1, 2, 3, 4, 5, 6)), RtcpReadError.MalformedSenderReport },
        { RtcpBytes.Packet(1, 201, RtcpBytes.U32(1, 2)), RtcpReadError.MalformedReceiverReport },
        { RtcpBytes.Packet(2, 202, RtcpBytes.Concat(RtcpBytes.U32(1), [1, 1, 65, 0])), RtcpReadError.MalformedSourceDescription },
        { RtcpBytes.Packet(1, 202, RtcpBytes.Concat(RtcpBytes.U32(1), [1, 9, 65, 0])), RtcpReadError.MalformedSourceDescription },
        { RtcpBytes.Packet(2, 203, RtcpBytes.U32(1)), RtcpReadError.MalformedGoodbye },
        { RtcpBytes.Packet(1, 203, RtcpBytes.Concat(RtcpBytes.U32(1), [9, 65, 66, 67])), RtcpReadError.MalformedGoodbye },
        { RtcpBytes.Packet(1, 206, RtcpBytes.U32(1)), RtcpReadError.MalformedFeedback },
        { RtcpBytes.Packet(1, 205, RtcpBytes.U32(1, 2)), RtcpReadError.MalformedNack },
        { RtcpBytes.Packet(4, 206, RtcpBytes.U32(1, 2, 3)), RtcpReadError.MalformedFir },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_StopsWithNamedError_AfterValidPackets(byte[] bad, RtcpReadError expected)
    {
        var reader = new RtcpCompoundReader(RtcpBytes.Concat(RtcpBytes.Pli(1, 2), bad));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(expected, reader.Error);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(1, reader.PacketsRead);
    }

    [Fact]
    public void Malformed_ValidPacketsAfterItAreNotYielded()
    {
        byte[] badNack = RtcpBytes.Packet(1, 205, RtcpBytes.U32(1, 2));
        var reader = new RtcpCompoundReader(RtcpBytes.Concat(RtcpBytes.Pli(1, 2), badNack, RtcpBytes.Pli(3, 4)));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.MalformedNack, reader.Error);
        Assert.Equal(1, reader.PacketsRead);
    }

    [Fact]
    public void EmptyDatagram_NoPacketsNoError()
    {
        var reader = new RtcpCompoundReader([]);
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }

    [Fact]
    public void Fuzz_RandomAndMutatedInputs_NeverThrow()
    {
        var random = new Random(5506);
        byte[][] seeds =
        [
            RtcpBytes.Concat(RtcpBytes.ReceiverReport(Media, 1, 2), RtcpBytes.SdesCname(Browser, "abc"), RtcpBytes.Nack(1, 2, (5, 0xFFFF))),
            RtcpBytes.Concat(RtcpBytes.Fir(1, (2, 3)), RtcpBytes.TransportCc(1, 2), RtcpBytes.Remb(1, 2)),
            RtcpBytes.Concat(RtcpBytes.Packet(1, 203, RtcpBytes.Concat(RtcpBytes.U32(1), [3, 65, 66, 67]))),
        ];
        var sr = new byte[RtcpSenderReportWriter.GetSize(2, 10)];
        RtcpSenderReportWriter.WriteTo(sr, new RtcpSenderInfo(1, default, 2, 3, 4), [default, default], "0123456789"u8);
        seeds = [.. seeds, sr];

        var buffer = new byte[300];
        int cases = 0, packets = 0, values = 0;
        for (int i = 0; i < 60_000; i++)
        {
            int length;
            if (i % 3 == 0)
            {
                length = random.Next(0, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                }
            }
            else
            {
                byte[] seed = seeds[random.Next(seeds.Length)];
                length = Math.Clamp(seed.Length + random.Next(-8, 8), 0, buffer.Length);
                buffer.AsSpan(0, length).Clear();
                seed.AsSpan(0, Math.Min(seed.Length, length)).CopyTo(buffer);
                for (int f = random.Next(1, 5); f > 0 && length > 0; f--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            cases++;
            var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                packets++;
                values += Consume(packet);
            }
        }

        Assert.Equal(60_000, cases);
        Assert.True(packets > 20_000, $"packets {packets}");
        Assert.True(values > 0);
    }

    private static int Consume(RtcpPacket packet)
    {
        int n = 0;
        switch (packet.Kind)
        {
            case RtcpPacketKind.SenderReport:
                RtcpSenderReport sr = packet.AsSenderReport();
                n += (int)(sr.Ssrc & 1) + (int)(sr.PacketCount & 1);
                for (int i = 0; i < sr.ReportBlockCount; i++)
                {
                    n += sr.GetReportBlock(i).FractionLost;
                }

                break;
            case RtcpPacketKind.ReceiverReport:
                RtcpReceiverReport rr = packet.AsReceiverReport();
                for (int i = 0; i < rr.ReportBlockCount; i++)
                {
                    n += (int)(rr.GetReportBlock(i).Jitter & 1);
                }

                break;
            case RtcpPacketKind.SourceDescription:
                foreach (RtcpSdesItem item in packet.AsSourceDescription().GetItems())
                {
                    n += item.Value.Length;
                }

                break;
            case RtcpPacketKind.Goodbye:
                RtcpGoodbye bye = packet.AsGoodbye();
                for (int i = 0; i < bye.SourceCount; i++)
                {
                    n += (int)(bye.GetSsrc(i) & 1);
                }

                n += bye.Reason.Length;
                break;
            case RtcpPacketKind.GenericNack:
                foreach (ushort seq in packet.AsGenericNack().GetLostSequenceNumbers())
                {
                    n += seq & 1;
                }

                break;
            case RtcpPacketKind.PictureLossIndication:
                n += (int)(packet.AsPictureLossIndication().MediaSsrc & 1);
                break;
            case RtcpPacketKind.FullIntraRequest:
                RtcpFullIntraRequest fir = packet.AsFullIntraRequest();
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    n += fir.GetEntry(i).SequenceNumber;
                }

                break;
            default:
                n += (int)(packet.FeedbackMediaSsrc & 1) + packet.Body.Length;
                break;
        }

        return n + 1;
    }
}
