using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 9260 §3.3.4 SACK:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 3    |Chunk  Flags   |      Chunk Length             |
// |                      Cumulative TSN Ack                       |
// |          Advertised Receiver Window Credit (a_rwnd)           |
// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
// |    Gap Ack Block #1 Start     |   Gap Ack Block #1 End        |  (offsets from Cumulative TSN Ack)
// /                              ...                              \
// |                       Duplicate TSN 1                         |
// /                              ...                              \

/// <summary>Parsed SACK chunk (RFC 9260 §3.3.4); gap blocks are read on demand from the packet.</summary>
internal readonly ref struct SctpSackChunk
{
    private readonly ReadOnlySpan<byte> _value;

    private SctpSackChunk(ReadOnlySpan<byte> value) => _value = value;

    public uint CumulativeTsnAck => BinaryPrimitives.ReadUInt32BigEndian(_value);

    public uint AdvertisedReceiverWindow => BinaryPrimitives.ReadUInt32BigEndian(_value.Slice(4));

    public int GapBlockCount => BinaryPrimitives.ReadUInt16BigEndian(_value.Slice(8));

    public int DuplicateCount => BinaryPrimitives.ReadUInt16BigEndian(_value.Slice(10));

    /// <summary>Gap block <paramref name="i"/> as offsets (start, end) from <see cref="CumulativeTsnAck"/>.</summary>
    public (ushort Start, ushort End) GetGapBlock(int i)
    {
        ReadOnlySpan<byte> b = _value.Slice(12 + (4 * i));
        return (BinaryPrimitives.ReadUInt16BigEndian(b), BinaryPrimitives.ReadUInt16BigEndian(b.Slice(2)));
    }

    /// <summary>Parses; false when the counts do not fit the value.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out SctpSackChunk chunk)
    {
        chunk = default;
        if (value.Length < 12)
        {
            return false;
        }

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(8));
        int dups = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(10));
        if (value.Length < 12 + (4 * gaps) + (4 * dups))
        {
            return false;
        }

        chunk = new SctpSackChunk(value);
        return true;
    }

    /// <summary>Writes a SACK with the given gap blocks (pairs of offsets) and duplicate TSNs; returns bytes written.</summary>
    public static int Write(Span<byte> dst, uint cumTsn, uint aRwnd, ReadOnlySpan<ushort> gapOffsets, ReadOnlySpan<uint> duplicates)
    {
        int gaps = gapOffsets.Length / 2;
        int length = 16 + (4 * gaps) + (4 * duplicates.Length);
        SctpChunkReader.WriteHeader(dst, SctpChunkType.Sack, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), cumTsn);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), aRwnd);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(12), (ushort)gaps);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(14), (ushort)duplicates.Length);
        int o = 16;
        foreach (ushort g in gapOffsets)
        {
            BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(o), g);
            o += 2;
        }

        foreach (uint d in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(o), d);
            o += 4;
        }

        return o;
    }
}
