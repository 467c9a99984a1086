using RtcGateway.WebRtc.Rtcp;

namespace RtcGateway.WebRtc.Tests.Rtcp;

public class RtcpRembTests
{
    [Fact]
    public void ChromeShape_ExponentMantissaAndSsrcs()
    {
        // Num SSRC 1, BR Exp 2, BR Mantissa 0x2BCDE = 179,422 → 717,688 bits/s.
        var reader = new RtcpCompoundReader(RtcpBytes.Remb(1, 0x11223344));
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketKind.ReceiverEstimatedMaxBitrate, packet.Kind);
        RtcpRemb remb = packet.AsRemb();
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(0u, remb.MediaSsrc);
        Assert.Equal(2, remb.Exponent);
        Assert.Equal(0x2BCDE, remb.Mantissa);
        Assert.Equal(717_688, remb.BitrateBps);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(0x11223344u, remb.GetSsrc(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FirstSsrc(RtcpBytes.Remb(1, 2), 1));
    }

    private static uint FirstSsrc(byte[] packet, int index)
    {
        RtcpRemb.TryRead(packet.AsSpan(4), out RtcpRemb remb);
        return remb.GetSsrc(index);
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 1L)]
    [InlineData(262_143L, 262_143L)]
    [InlineData(262_144L, 262_144L)]
    [InlineData(2_500_001L, 2_500_000L)] // exp 4: mantissa 156,250 × 16
    [InlineData(1_000_000_000_000L, 999_997_571_072L)]
    public void Writer_RoundTrip_RoundsDown(long bitrate, long expected)
    {
        var buffer = new byte[RtcpRembWriter.GetSize(3)];
        Assert.Equal(buffer.Length, RtcpRembWriter.WriteTo(buffer, 9, bitrate, [1, 2, 3]));
        Assert.Equal(RtcpRembError.None, RtcpRemb.TryRead(buffer.AsSpan(4), out RtcpRemb remb));
        Assert.Equal(expected, remb.BitrateBps);
        Assert.True(remb.BitrateBps <= bitrate && bitrate - remb.BitrateBps <= bitrate >> 17);
        Assert.Equal(3, remb.SsrcCount);
        Assert.Equal(3u, remb.GetSsrc(2));
        Assert.Equal(9u, remb.SenderSsrc);
    }

    [Fact]
    public void HugeExponent_Saturates()
    {
        byte[] packet = RtcpBytes.Packet(15, 206, RtcpBytes.Concat(RtcpBytes.U32(1, 0), "REMB"u8.ToArray(), [0, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(RtcpRembError.None, RtcpRemb.TryRead(packet.AsSpan(4), out RtcpRemb remb));
        Assert.Equal(63, remb.Exponent);
        Assert.Equal(long.MaxValue, remb.BitrateBps);
        byte[] exact = RtcpBytes.Packet(15, 206, RtcpBytes.Concat(RtcpBytes.U32(1, 0), "REMB"u8.ToArray(), [0, 0xB4, 0x00, 0x01]));
        RtcpRemb.TryRead(exact.AsSpan(4), out remb);
        Assert.Equal(45, remb.Exponent);
        Assert.Equal(1L << 45, remb.BitrateBps);
    }

    public static TheoryData<byte[], RtcpRembError> MalformedCases() => new()
    {
        { RtcpBytes.Concat(RtcpBytes.U32(1, 0), "REMB"u8.ToArray()), RtcpRembError.TooShort },
        { RtcpBytes.Concat(RtcpBytes.U32(1, 0), "REMX"u8.ToArray(), [0, 0, 0, 1]), RtcpRembError.MissingIdentifier },
        { RtcpBytes.Concat(RtcpBytes.U32(1, 0), "REMB"u8.ToArray(), [2, 0, 0, 1], RtcpBytes.U32(7)), RtcpRembError.SsrcListTruncated },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_NamedError(byte[] body, RtcpRembError expected)
    {
        Assert.Equal(expected, RtcpRemb.TryRead(body, out _));
        var reader = new RtcpCompoundReader(RtcpBytes.Packet(15, 206, body));
        if (expected == RtcpRembError.MissingIdentifier)
        {
            // Another application-layer feedback, not REMB: skipped as Unknown.
            Assert.True(reader.TryReadNext(out RtcpPacket packet));
            Assert.Equal(RtcpPacketKind.Unknown, packet.Kind);
            return;
        }

        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.MalformedRemb, reader.Error);
    }
}
