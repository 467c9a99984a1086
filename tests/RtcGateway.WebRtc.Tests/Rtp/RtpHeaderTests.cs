using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtp;

public class RtpHeaderTests
{
    [Fact]
    public void CsrcPaddingAndUnknownProfile_Parsed()
    {
        byte[] packet =
        [
            0xB2, 0x60, 0x12, 0x34, 0, 0, 0, 9, 0, 0, 0, 1, // V=2 P X CC=2, PT 96
            0, 0, 0, 0xA, 0, 0, 0, 0xB, // CSRCs
            0x12, 0x34, 0x00, 0x01, 1, 2, 3, 4, // extension profile 0x1234, 1 word
            0xAA, 0xBB, // payload
            0, 0, 3, // padding
        ];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader h));
        Assert.True(h.HasPadding);
        Assert.Equal(2, h.CsrcCount);
        Assert.Equal(0xAu, h.GetCsrc(packet, 0));
        Assert.Equal(0xBu, h.GetCsrc(packet, 1));
        Assert.Equal(0x1234, h.ExtensionProfile);
        Assert.Equal(28, h.HeaderLength);
        Assert.Equal(2, h.PayloadLength);
        Assert.Equal(3, h.PaddingLength);
        Assert.False(h.GetExtensions(packet).MoveNext());
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetCsrc(packet, 2));
    }

    [Fact]
    public void OneByteForm_PaddingBytesSkipped_Id15StopsProcessing()
    {
        byte[] packet =
        [
            0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
            0xBE, 0xDE, 0x00, 0x02,
            0x10, 0xAA, 0x00, 0x21, 0x01, 0x02, 0xF0, 0x33, // id1 len1, pad, id2 len2, id15 → stop
        ];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader h));
        var ids = new List<(byte, byte[])>();
        foreach (RtpHeaderExtensionElement e in h.GetExtensions(packet))
        {
            ids.Add((e.Id, e.Data.ToArray()));
        }

        Assert.Equal(2, ids.Count);
        Assert.Equal((byte)1, ids[0].Item1);
        Assert.Equal(new byte[] { 0xAA }, ids[0].Item2);
        Assert.Equal((byte)2, ids[1].Item1);
        Assert.Equal(new byte[] { 1, 2 }, ids[1].Item2);
    }

    [Fact]
    public void TwoByteForm_ZeroLengthElementAndTruncation()
    {
        byte[] packet =
        [
            0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
            0x10, 0x00, 0x00, 0x02,
            0x20, 0x00, 0x00, 0x30, 0x01, 0x07, 0x40, 0x09, // id 32 len 0, pad, id 48 len 1, id 64 len 9 (truncated)
        ];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader h));
        RtpHeaderExtensionEnumerator e = h.GetExtensions(packet);
        Assert.True(e.MoveNext());
        Assert.Equal(32, e.Current.Id);
        Assert.Equal(0, e.Current.Data.Length);
        Assert.True(e.MoveNext());
        Assert.Equal(48, e.Current.Id);
        Assert.Equal(7, e.Current.Data[0]);
        Assert.False(e.MoveNext());
        Assert.False(e.MoveNext());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0 })] // 11 bytes
    [InlineData(new byte[] { 0x40, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })] // version 1
    [InlineData(new byte[] { 0x81, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0 })] // CSRC past end
    [InlineData(new byte[] { 0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE })] // ext header truncated
    [InlineData(new byte[] { 0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0, 1, 0x10 })] // ext data truncated
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })] // padding with nothing after header
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 0 })] // padding count 0
    [InlineData(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 3 })] // padding count too large
    public void Malformed_ReturnsFalse(byte[] packet)
    {
        Assert.False(RtpHeader.TryRead(packet, out RtpHeader h));
        Assert.Equal(default, h);
    }

    [Fact]
    public void Fuzz_RandomAndMutatedInputs_NeverThrow()
    {
        var random = new Random(20240601);
        var ids = new RtpHeaderExtensionIds(midId: 1, mid: "0", playoutDelayId: 2, absCaptureTimeId: 3, transportWideCcId: 4);
        var seed = new byte[1200];
        int seedLength = RtpPacketWriter.Write(seed, new RtpSendParameters
        {
            Ssrc = 1, PayloadType = 96, SequenceNumber = 1, Timestamp = 1, FirstPacketOfFrame = true, Extensions = ids,
        }, new byte[50]);
        int cases = 0, accepted = 0, elements = 0;
        var buffer = new byte[200];
        for (int i = 0; i < 40_000; i++)
        {
            int length;
            if (i % 2 == 0)
            {
                length = random.Next(0, buffer.Length);
                random.NextBytes(buffer.AsSpan(0, length));
                buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80); // mostly version 2 to reach deeper code
            }
            else
            {
                length = Math.Min(seedLength + random.Next(-20, 20), buffer.Length);
                length = Math.Max(length, 0);
                seed.AsSpan(0, Math.Min(seedLength, length)).CopyTo(buffer);
                int flips = random.Next(1, 6);
                for (int f = 0; f < flips && length > 0; f++)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            cases++;
            ReadOnlySpan<byte> packet = buffer.AsSpan(0, length);
            if (RtpHeader.TryRead(packet, out RtpHeader h))
            {
                accepted++;
                Assert.True(h.HeaderLength + h.PayloadLength + h.PaddingLength == length);
                foreach (RtpHeaderExtensionElement e in h.GetExtensions(packet))
                {
                    elements += e.Data.Length >= 0 ? 1 : 0;
                }

                _ = h.GetPayload(packet).Length;
            }
        }

        Assert.Equal(40_000, cases);
        Assert.True(accepted > 1000, $"accepted {accepted}");
        Assert.True(elements > 1000, $"elements {elements}");
    }
}
