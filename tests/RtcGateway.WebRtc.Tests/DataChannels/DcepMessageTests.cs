using System.Buffers.Binary;
using RtcGateway.WebRtc.DataChannels;

namespace RtcGateway.WebRtc.Tests.DataChannels;

public class DcepMessageTests
{
    [Fact]
    public void Open_ParsesRfc8832Layout()
    {
        // Chrome-style OPEN for createDataChannel("control", {ordered:false, maxRetransmits:0}).
        byte[] label = "control"u8.ToArray();
        byte[] wire = new byte[12 + label.Length];
        wire[0] = 0x03;
        wire[1] = 0x81;
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(2), 256);
        BinaryPrimitives.WriteUInt32BigEndian(wire.AsSpan(4), 0);
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(8), (ushort)label.Length);
        label.CopyTo(wire, 12);
        Assert.True(DcepMessage.TryRead(wire, out DcepMessage m));
        Assert.Equal(DataChannelType.PartialReliableRexmitUnordered, m.ChannelType);
        Assert.Equal("control", m.Label);
        Assert.Equal(string.Empty, m.Protocol);
        DataChannelOptions o = DataChannelOptions.FromChannelType(m.ChannelType, m.Reliability, m.Protocol, m.Priority);
        Assert.False(o.Ordered);
        Assert.Equal(0, o.MaxRetransmits);
        Assert.Equal(wire, m.ToArray());
    }

    [Theory]
    [InlineData(DataChannelType.Reliable, 0u)]
    [InlineData(DataChannelType.ReliableUnordered, 0u)]
    [InlineData(DataChannelType.PartialReliableRexmit, 3u)]
    [InlineData(DataChannelType.PartialReliableRexmitUnordered, 0u)]
    [InlineData(DataChannelType.PartialReliableTimed, 150u)]
    [InlineData(DataChannelType.PartialReliableTimedUnordered, 1000u)]
    public void Open_RoundTripsEveryChannelType(DataChannelType type, uint reliability)
    {
        var m = new DcepMessage(DcepMessage.Open, type, 512, reliability, "läbel", "proto");
        Assert.True(DcepMessage.TryRead(m.ToArray(), out DcepMessage back));
        Assert.Equal(m, back);
        DataChannelOptions o = DataChannelOptions.FromChannelType(type, reliability, "proto", 512);
        Assert.Equal(type, o.ChannelType);
        Assert.Equal(reliability, o.ReliabilityParameter);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x02, 0x00 })]
    [InlineData(new byte[] { 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 1, 2 })]
    [InlineData(new byte[] { 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x04 })]
    [InlineData(new byte[] { 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xFF })]
    public void Malformed_IsRejected(byte[] wire) => Assert.False(DcepMessage.TryRead(wire, out _));

    [Fact]
    public void Random_NeverThrows()
    {
        var rng = new Random(42);
        int cases = 0;
        byte[] seed = new DcepMessage(DcepMessage.Open, DataChannelType.Reliable, 256, 0, "chat", "json").ToArray();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] b = i % 2 == 0 ? new byte[rng.Next(0, 40)] : (byte[])seed.Clone();
            if (i % 2 == 0)
            {
                rng.NextBytes(b);
            }
            else
            {
                b[rng.Next(b.Length)] = (byte)rng.Next(256);
            }

            DcepMessage.TryRead(b, out _);
            cases++;
        }

        Assert.Equal(20_000, cases);
    }
}
