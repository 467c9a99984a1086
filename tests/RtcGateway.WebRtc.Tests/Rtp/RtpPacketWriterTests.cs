using System.Buffers.Binary;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtp;

public class RtpPacketWriterTests
{
    private const long CaptureUs = 1_700_000_123_456_789;

    private static Dictionary<byte, byte[]> Extensions(ReadOnlySpan<byte> packet, RtpHeader header)
    {
        var result = new Dictionary<byte, byte[]>();
        foreach (RtpHeaderExtensionElement element in header.GetExtensions(packet))
        {
            result.Add(element.Id, element.Data.ToArray());
        }

        return result;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FirstPacket_AllExtensions_ReadBack(bool twoByte)
    {
        byte b = twoByte ? (byte)100 : (byte)0;
        var ids = new RtpHeaderExtensionIds(
            midId: (byte)(1 + b), mid: "video0", playoutDelayId: (byte)(2 + b), absCaptureTimeId: (byte)(3 + b),
            transportWideCcId: (byte)(4 + b), absSendTimeId: (byte)(5 + b));
        Assert.Equal(twoByte, ids.UseTwoByteHeader);
        byte[] payload = [1, 2, 3, 4, 5, 6, 7];
        var p = new RtpSendParameters
        {
            Ssrc = 0xDEADBEEF, PayloadType = 102, SequenceNumber = 65535, Timestamp = 0xFFFFFFF0, Marker = true,
            FirstPacketOfFrame = true, CaptureTimeUs = CaptureUs, SendTimeUs = CaptureUs + 2_000,
            TransportSequenceNumber = 4242, PlayoutDelay = new PlayoutDelay(0, 0), Extensions = ids,
        };
        var buffer = new byte[200];
        int length = RtpPacketWriter.Write(buffer, p, payload);
        Assert.Equal(RtpPacketWriter.GetSize(p, payload.Length), length);
        ReadOnlySpan<byte> packet = buffer.AsSpan(0, length);

        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.Equal(2, header.Version);
        Assert.True(header.Marker);
        Assert.True(header.HasExtension);
        Assert.Equal(102, header.PayloadType);
        Assert.Equal(65535, header.SequenceNumber);
        Assert.Equal(0xFFFFFFF0u, header.Timestamp);
        Assert.Equal(0xDEADBEEFu, header.Ssrc);
        Assert.Equal(twoByte ? (ushort)0x1000 : (ushort)0xBEDE, header.ExtensionProfile);
        Assert.Equal(0, header.ExtensionLength % 4);
        Assert.True(header.GetPayload(packet).SequenceEqual(payload));

        Dictionary<byte, byte[]> ext = Extensions(packet, header);
        Assert.Equal(5, ext.Count);
        Assert.Equal("video0"u8.ToArray(), ext[(byte)(1 + b)]);
        Assert.Equal(new byte[3], ext[(byte)(2 + b)]);
        Assert.Equal(NtpTimestamp.FromUnixMicroseconds(CaptureUs).Value, BinaryPrimitives.ReadUInt64BigEndian(ext[(byte)(3 + b)]));
        Assert.Equal(4242, BinaryPrimitives.ReadUInt16BigEndian(ext[(byte)(4 + b)]));
        uint absSend = (uint)((ext[(byte)(5 + b)][0] << 16) | (ext[(byte)(5 + b)][1] << 8) | ext[(byte)(5 + b)][2]);
        Assert.Equal((uint)(NtpTimestamp.FromUnixMicroseconds(CaptureUs + 2_000).Value >> 14) & 0xFFFFFF, absSend);
    }

    [Fact]
    public void LaterPacket_OmitsPerFrameExtensions_KeepsMidAndTwcc()
    {
        var ids = new RtpHeaderExtensionIds(midId: 1, mid: "0", playoutDelayId: 2, absCaptureTimeId: 3, transportWideCcId: 4);
        var p = new RtpSendParameters { Ssrc = 1, PayloadType = 96, SequenceNumber = 1, Timestamp = 1, Extensions = ids, TransportSequenceNumber = 9 };
        var buffer = new byte[100];
        int length = RtpPacketWriter.Write(buffer, p, [0x41]);
        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
        Dictionary<byte, byte[]> ext = Extensions(buffer.AsSpan(0, length), header);
        Assert.Equal([1, 4], ext.Keys.Order().ToArray());
        // 4 (block header) + elements: mid 1+1 + twcc 1+2 = 5, padded to 8 → 12
        Assert.Equal(12, header.ExtensionLength + 4);
        Assert.False(header.Marker);
    }

    [Fact]
    public void NoExtensions_WritesPlainHeader()
    {
        var p = new RtpSendParameters { Ssrc = 7, PayloadType = 96, SequenceNumber = 3, Timestamp = 4, Marker = true, FirstPacketOfFrame = true };
        var buffer = new byte[20];
        int length = RtpPacketWriter.Write(buffer, p, [9, 9]);
        Assert.Equal(14, length);
        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
        Assert.False(header.HasExtension);
        Assert.Equal(12, header.HeaderLength);
        Assert.Equal(0x80, buffer[0]);
        Assert.Equal(0x80 | 96, buffer[1]);
    }

    [Fact]
    public void WritingFramePackets_AllocatesNothingPerPacket()
    {
        var ids = new RtpHeaderExtensionIds(midId: 1, mid: "0", playoutDelayId: 2, absCaptureTimeId: 3, transportWideCcId: 4, absSendTimeId: 5);
        byte[] nal = new byte[20_000];
        nal[0] = 0x65;
        PacketizedFrame frame = new H264Packetizer().Packetize([nal], 1124);
        var buffer = new byte[1500];
        int total = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < frame.PayloadCount; i++)
            {
                var p = new RtpSendParameters { Ssrc = 1, PayloadType = 96, SequenceNumber = (ushort)i, Timestamp = 1, CaptureTimeUs = 5, Extensions = ids };
                total += RtpPacketWriter.Write(buffer, p, frame, i);
            }

            if (round == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        frame.Release();
        Assert.True(total > 40_000);
    }

    [Fact]
    public void DestinationTooSmall_Throws()
    {
        var p = new RtpSendParameters { Ssrc = 7, PayloadType = 96, SequenceNumber = 3, Timestamp = 4 };
        Assert.Throws<ArgumentException>(() => RtpPacketWriter.Write(new byte[13], p, [1, 2]));
        Assert.Throws<ArgumentException>(() => RtpPacketWriter.Write(new byte[5], p, []));
    }

    [Fact]
    public void ExtensionIds_Validation()
    {
        Assert.Throws<ArgumentException>(() => new RtpHeaderExtensionIds(midId: 1, mid: "abcdefghijklmnopq"));
        Assert.Throws<ArgumentException>(() => new RtpHeaderExtensionIds(midId: 1, mid: null));
        Assert.Throws<ArgumentException>(() => new RtpHeaderExtensionIds(midId: 1, mid: "vidéo"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpHeaderExtensionIds(playoutDelayId: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpHeaderExtensionIds(playoutDelayId: 3, transportWideCcId: 3));
        Assert.False(new RtpHeaderExtensionIds(transportWideCcId: 14).UseTwoByteHeader);
        Assert.True(new RtpHeaderExtensionIds(transportWideCcId: 15).UseTwoByteHeader);
    }

    [Theory]
    [InlineData(0, 0, new byte[] { 0, 0, 0 })]
    [InlineData(4095, 4095, new byte[] { 0xFF, 0xFF, 0xFF })]
    [InlineData(1, 2, new byte[] { 0x00, 0x10, 0x02 })]
    [InlineData(0xABC, 0x123, new byte[] { 0xAB, 0xC1, 0x23 })]
    public void PlayoutDelay_PacksTwelveBitFields(int min, int max, byte[] expected)
    {
        var delay = new PlayoutDelay((ushort)min, (ushort)max);
        var buffer = new byte[3];
        Assert.Equal(3, delay.WriteTo(buffer));
        Assert.Equal(expected, buffer);
        Assert.True(PlayoutDelay.TryRead(buffer, out PlayoutDelay back));
        Assert.Equal(delay, back);
    }

    [Fact]
    public void PlayoutDelay_RejectsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlayoutDelay(4096, 0).WriteTo(new byte[3]));
        Assert.False(PlayoutDelay.TryRead(new byte[2], out _));
    }
}
