using System.Buffers.Binary;
using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.Tests.Sctp;

public class SctpChunkFormatTests
{
    [Fact]
    public void Data_RoundTripsWithPadding()
    {
        byte[] buf = new byte[64];
        int n = SctpDataChunk.Write(buf, SctpDataChunk.FlagBeginning | SctpDataChunk.FlagUnordered, 0xFFFFFFFE, 9, 3, 51, "hello"u8);
        Assert.Equal(24, n); // 16 + 5 padded to 24
        var reader = new SctpChunkReader(buf.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out byte type, out byte flags, out ReadOnlySpan<byte> value));
        Assert.Equal(SctpChunkType.Data, type);
        Assert.True(SctpDataChunk.TryRead(flags, value, out SctpDataChunk d));
        Assert.Equal(0xFFFFFFFEu, d.Tsn);
        Assert.True(d.Unordered && d.Beginning && !d.End);
        Assert.Equal("hello"u8.ToArray(), d.UserData.ToArray());
    }

    [Fact]
    public void Data_WithoutUserData_IsRejected() => Assert.False(SctpDataChunk.TryRead(0, new byte[12], out _));

    [Fact]
    public void Sack_RoundTripsGapsAndDuplicates()
    {
        byte[] buf = new byte[64];
        int n = SctpSackChunk.Write(buf, 100, 65_536, [2, 3, 6, 6], [99u]);
        var reader = new SctpChunkReader(buf.AsSpan(0, n));
        Assert.True(reader.TryReadNext(out _, out _, out ReadOnlySpan<byte> value));
        Assert.True(SctpSackChunk.TryRead(value, out SctpSackChunk s));
        Assert.Equal(100u, s.CumulativeTsnAck);
        Assert.Equal(2, s.GapBlockCount);
        Assert.Equal(((ushort)6, (ushort)6), s.GetGapBlock(1));
        Assert.Equal(1, s.DuplicateCount);
    }

    [Fact]
    public void Sack_CountsBeyondValue_AreRejected()
    {
        byte[] v = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(8), 2); // 2 gap blocks need 8 bytes, only 4 present
        Assert.False(SctpSackChunk.TryRead(v, out _));
        Assert.False(SctpSackChunk.TryRead(new byte[11], out _));
    }

    [Fact]
    public void ForwardTsn_RoundTrips()
    {
        byte[] buf = new byte[32];
        int n = SctpForwardTsnChunk.Write(buf, 77, [1, 5, 3, 9]);
        Assert.True(SctpForwardTsnChunk.TryRead(buf.AsSpan(4, n - 4), out SctpForwardTsnChunk f));
        Assert.Equal(77u, f.NewCumulativeTsn);
        Assert.Equal(2, f.StreamCount);
        Assert.Equal(((ushort)3, (ushort)9), f.GetStream(1));
        Assert.False(SctpForwardTsnChunk.TryRead(new byte[3], out _));
    }

    [Fact]
    public void Reconfig_RequestAndResponse_RoundTrip()
    {
        byte[] buf = new byte[64];
        int n = SctpReconfigParameter.WriteOutgoingRequestChunk(buf, 10, 9, 500, [1, 3, 5]);
        Assert.Equal(SctpReconfigParameter.GetOutgoingRequestChunkSize(3), n);
        ReadOnlySpan<byte> rest = buf.AsSpan(4, n - 4);
        Assert.True(SctpReconfigParameter.TryReadNext(ref rest, out SctpReconfigParameter p));
        Assert.Equal(SctpReconfigParameter.OutgoingSsnResetRequest, p.Type);
        Assert.Equal(10u, p.SequenceNumber);
        Assert.Equal(500u, p.LastAssignedTsn);
        Assert.Equal(3, p.StreamCount);
        Assert.Equal(5, p.GetStream(2));

        n = SctpReconfigParameter.WriteResponseChunk(buf, 10, SctpReconfigParameter.ResultSuccessPerformed);
        rest = buf.AsSpan(4, n - 4);
        Assert.True(SctpReconfigParameter.TryReadNext(ref rest, out p));
        Assert.Equal(SctpReconfigParameter.ReconfigResponse, p.Type);
        Assert.Equal(SctpReconfigParameter.ResultSuccessPerformed, p.Result);
    }

    [Theory]
    [InlineData(new byte[] { 0, 13, 0, 8, 0, 0, 0, 1 })] // request too short
    [InlineData(new byte[] { 0, 16, 0, 3 })] // length below 4
    [InlineData(new byte[] { 0, 16, 0, 40, 0, 0 })] // length beyond value
    [InlineData(new byte[] { 0, 99, 0, 4 })] // unknown type
    public void Reconfig_Malformed_IsRejected(byte[] value)
    {
        ReadOnlySpan<byte> rest = value;
        Assert.False(SctpReconfigParameter.TryReadNext(ref rest, out _));
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0 })] // shorter than a chunk header
    [InlineData(new byte[] { 1, 0, 0, 2 })] // length < 4
    [InlineData(new byte[] { 0, 0, 0, 20, 1, 2, 3, 4 })] // length beyond packet
    public void ChunkReader_Malformed_IsFlagged(byte[] chunks)
    {
        var reader = new SctpChunkReader(chunks);
        Assert.False(reader.TryReadNext(out _, out _, out _));
        Assert.True(reader.Malformed);
    }

    [Fact]
    public void Init_RejectsZeroTagAndZeroStreamsAndBadParameters()
    {
        byte[] v = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(v, 1);
        BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(v.AsSpan(10), 1);
        Assert.True(SctpInitChunk.TryRead(v, out _));
        byte[] zeroTag = (byte[])v.Clone();
        zeroTag[3] = 0;
        Assert.False(SctpInitChunk.TryRead(zeroTag, out _));
        byte[] zeroStreams = (byte[])v.Clone();
        zeroStreams[9] = 0;
        Assert.False(SctpInitChunk.TryRead(zeroStreams, out _));
        byte[] badParam = [.. v, 0, 7, 0, 50];
        Assert.False(SctpInitChunk.TryRead(badParam, out _));
        Assert.False(SctpInitChunk.TryRead(new byte[15], out _));
    }

    [Fact]
    public void RandomChunkValues_NeverThrow()
    {
        var rng = new Random(8);
        int cases = 0;
        byte[] v = new byte[96];
        for (int i = 0; i < 40_000; i++)
        {
            rng.NextBytes(v);
            ReadOnlySpan<byte> s = v.AsSpan(0, rng.Next(0, v.Length));
            SctpInitChunk.TryRead(s, out _);
            SctpDataChunk.TryRead(v[0], s, out _);
            if (SctpSackChunk.TryRead(s, out SctpSackChunk sack))
            {
                for (int g = 0; g < sack.GapBlockCount; g++)
                {
                    sack.GetGapBlock(g);
                }
            }

            if (SctpForwardTsnChunk.TryRead(s, out SctpForwardTsnChunk f))
            {
                for (int k = 0; k < f.StreamCount; k++)
                {
                    f.GetStream(k);
                }
            }

            ReadOnlySpan<byte> rest = s;
            while (SctpReconfigParameter.TryReadNext(ref rest, out SctpReconfigParameter p))
            {
                for (int k = 0; k < p.StreamCount; k++)
                {
                    p.GetStream(k);
                }
            }

            var reader = new SctpChunkReader(s);
            while (reader.TryReadNext(out _, out _, out _))
            {
            }

            SctpStateCookie.TryRead(s, new byte[32], 0, 60_000, out _);
            cases++;
        }

        Assert.Equal(40_000, cases);
    }
}
