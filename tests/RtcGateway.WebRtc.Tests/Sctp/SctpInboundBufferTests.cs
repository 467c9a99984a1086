using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.Tests.Sctp;

public class SctpInboundBufferTests
{
    private static SctpInboundBuffer.Result Receive(SctpInboundBuffer buffer, uint tsn, byte flags, ushort stream, ushort ssn, int size = 10)
    {
        byte[] chunk = new byte[SctpChunkReader.Pad4(16 + size)];
        SctpDataChunk.Write(chunk, flags, tsn, stream, ssn, 53, new byte[size]);
        SctpDataChunk.TryRead(flags, chunk.AsSpan(4, 12 + size), out SctpDataChunk d);
        return buffer.Receive(d);
    }

    private const byte Whole = SctpDataChunk.FlagBeginning | SctpDataChunk.FlagEnd;

    [Fact]
    public void GapBlocksAndDuplicates_AreReported()
    {
        var buffer = new SctpInboundBuffer(1 << 20, 1 << 18);
        buffer.Init(0xFFFFFFFE); // wraps
        Receive(buffer, 0xFFFFFFFE, Whole | SctpDataChunk.FlagUnordered, 1, 0);
        Receive(buffer, 1, Whole | SctpDataChunk.FlagUnordered, 1, 0);
        Receive(buffer, 2, Whole | SctpDataChunk.FlagUnordered, 1, 0);
        Receive(buffer, 5, Whole | SctpDataChunk.FlagUnordered, 1, 0);
        Assert.Equal(SctpInboundBuffer.Result.Duplicate, Receive(buffer, 2, Whole, 1, 0));
        Assert.Equal(0xFFFFFFFEu, buffer.CumulativeTsn);
        Span<ushort> gaps = stackalloc ushort[8];
        int n = buffer.GetGapBlocks(gaps);
        Assert.Equal(new ushort[] { 3, 4, 7, 7 }, gaps.Slice(0, n).ToArray());
        Span<uint> dups = stackalloc uint[4];
        Assert.Equal(1, buffer.TakeDuplicates(dups));
        Assert.Equal(2u, dups[0]);
        Receive(buffer, 0xFFFFFFFF, Whole | SctpDataChunk.FlagUnordered, 1, 0);
        Receive(buffer, 0, Whole | SctpDataChunk.FlagUnordered, 1, 0);
        Assert.Equal(2u, buffer.CumulativeTsn);
    }

    [Fact]
    public void OrderedMessages_WaitForMissingSsn_FragmentsReassemble()
    {
        var buffer = new SctpInboundBuffer(1 << 20, 1 << 18);
        buffer.Init(100);
        Receive(buffer, 102, Whole, 3, 1);
        Assert.False(buffer.TryDequeue(out _));
        Receive(buffer, 101, SctpDataChunk.FlagEnd, 3, 0, 20);
        Receive(buffer, 100, SctpDataChunk.FlagBeginning, 3, 0, 30);
        Assert.True(buffer.TryDequeue(out SctpReceivedMessage first));
        Assert.Equal(50, first.Data.Length);
        Assert.True(buffer.TryDequeue(out SctpReceivedMessage second));
        Assert.Equal(10, second.Data.Length);
    }

    [Fact]
    public void HostilePeer_CannotGrowBuffersBeyondTheWindow()
    {
        var buffer = new SctpInboundBuffer(64 * 1024, 256 * 1024);
        buffer.Init(1);
        int dropped = 0;

        // Endless beginnings of never-ending messages and far-ahead TSNs.
        for (uint i = 0; i < 200_000; i++)
        {
            uint tsn = 2 + (i * 7 % 60_000);
            dropped += Receive(buffer, tsn, SctpDataChunk.FlagBeginning, (ushort)(i % 50), (ushort)i, 1000) == SctpInboundBuffer.Result.Dropped ? 1 : 0;
        }

        Assert.True(dropped > 100_000);
        Assert.InRange(buffer.BufferedBytes, 0, 64 * 1024 + 2_000);
        Assert.True(buffer.AdvertisedWindow < 2_000, "window must be (nearly) closed");
    }

    [Fact]
    public void OversizeMessage_IsDroppedAndOrderedStreamContinues()
    {
        var buffer = new SctpInboundBuffer(1 << 20, 100);
        buffer.Init(1);
        Receive(buffer, 1, SctpDataChunk.FlagBeginning, 0, 0, 80);
        Receive(buffer, 2, SctpDataChunk.FlagEnd, 0, 0, 80);
        Receive(buffer, 3, Whole, 0, 1);
        Assert.Equal(1, buffer.OversizeMessages);
        Assert.True(buffer.TryDequeue(out SctpReceivedMessage m));
        Assert.Equal(10, m.Data.Length);
    }
}
