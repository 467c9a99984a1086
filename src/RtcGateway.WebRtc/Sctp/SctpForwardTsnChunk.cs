using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 3758 §3.2 FORWARD TSN:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
// |                      New Cumulative TSN                       |
// |         Stream-1              |       Stream Sequence-1       |
// \                              ...                              \

/// <summary>Parsed FORWARD TSN chunk (RFC 3758 §3.2); (stream, SSN) entries are read on demand.</summary>
internal readonly ref struct SctpForwardTsnChunk
{
    private readonly ReadOnlySpan<byte> _value;

    private SctpForwardTsnChunk(ReadOnlySpan<byte> value) => _value = value;

    public uint NewCumulativeTsn => BinaryPrimitives.ReadUInt32BigEndian(_value);

    public int StreamCount => (_value.Length - 4) / 4;

    public (ushort StreamId, ushort Ssn) GetStream(int i)
    {
        ReadOnlySpan<byte> b = _value.Slice(4 + (4 * i));
        return (BinaryPrimitives.ReadUInt16BigEndian(b), BinaryPrimitives.ReadUInt16BigEndian(b.Slice(2)));
    }

    public static bool TryRead(ReadOnlySpan<byte> value, out SctpForwardTsnChunk chunk)
    {
        chunk = value.Length >= 4 ? new SctpForwardTsnChunk(value) : default;
        return value.Length >= 4;
    }

    /// <summary>Writes the chunk; <paramref name="streams"/> holds (stream, SSN) pairs flattened. Returns bytes written.</summary>
    public static int Write(Span<byte> dst, uint newCumTsn, ReadOnlySpan<ushort> streams)
    {
        int length = 8 + (2 * streams.Length);
        SctpChunkReader.WriteHeader(dst, SctpChunkType.ForwardTsn, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), newCumTsn);
        for (int i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(8 + (2 * i)), streams[i]);
        }

        return length;
    }
}
