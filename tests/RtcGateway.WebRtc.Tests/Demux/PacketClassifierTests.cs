using RtcGateway.WebRtc.Demux;

namespace RtcGateway.WebRtc.Tests.Demux;

public class PacketClassifierTests
{
    private static PacketKind ExpectedFor(byte first, byte second, int length)
    {
        // Independent restatement of RFC 7983 §7 + RFC 5761 §4 with minimum lengths.
        if (first < 4)
        {
            return length >= 20 ? PacketKind.Stun : PacketKind.Unknown;
        }

        if (first is >= 20 and < 64)
        {
            return length >= 13 ? PacketKind.Dtls : PacketKind.Unknown;
        }

        if (first is >= 128 and < 192)
        {
            bool rtcp = second is >= 192 and < 224;
            return rtcp ? (length >= 8 ? PacketKind.Rtcp : PacketKind.Unknown) : (length >= 12 ? PacketKind.Rtp : PacketKind.Unknown);
        }

        return PacketKind.Unknown;
    }

    [Fact]
    public void EveryFirstAndSecondByte_AtSeveralLengths()
    {
        int cases = 0;
        int[] lengths = [0, 1, 2, 7, 8, 11, 12, 13, 19, 20, 1200];
        foreach (int length in lengths)
        {
            var datagram = new byte[length];
            for (int first = 0; first < 256; first++)
            {
                for (int second = 0; second < 256; second++)
                {
                    if (length > 0)
                    {
                        datagram[0] = (byte)first;
                    }

                    if (length > 1)
                    {
                        datagram[1] = (byte)second;
                    }

                    PacketKind expected = length == 0 ? PacketKind.Unknown : ExpectedFor((byte)first, (byte)second, length);
                    Assert.Equal(expected, PacketClassifier.Classify(datagram));
                    cases++;
                }
            }
        }

        Assert.Equal(lengths.Length * 65536, cases);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0, 0, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, PacketKind.Stun)]
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, PacketKind.Dtls)] // handshake record
    [InlineData(new byte[] { 0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, PacketKind.Dtls)] // application data
    [InlineData(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, PacketKind.Rtp)] // PT 96
    [InlineData(new byte[] { 0x80, 0xE0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, PacketKind.Rtp)] // marker + PT 96
    [InlineData(new byte[] { 0x81, 0xC8, 0, 6, 0, 0, 0, 1 }, PacketKind.Rtcp)] // SR (200)
    [InlineData(new byte[] { 0x81, 0xCD, 0, 2, 0, 0, 0, 1 }, PacketKind.Rtcp)] // RTPFB (205)
    [InlineData(new byte[] { 0x81, 0xCE, 0, 2, 0, 0, 0, 1 }, PacketKind.Rtcp)] // PSFB (206)
    [InlineData(new byte[] { 0x40, 0x00, 0, 4, 1, 2, 3, 4 }, PacketKind.Unknown)] // TURN ChannelData
    [InlineData(new byte[] { 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, PacketKind.Unknown)] // ZRTP range
    public void RealWorldHeaders(byte[] datagram, PacketKind expected) =>
        Assert.Equal(expected, PacketClassifier.Classify(datagram));
}
