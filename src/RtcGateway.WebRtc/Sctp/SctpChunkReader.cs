using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 9260 §3.2 chunk field format:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// \                          Chunk Value                          \
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Length counts the 4-byte header and the value, not the padding to a multiple of 4.

/// <summary>Allocation-free iterator over the chunks after the common header (RFC 9260 §3.2). Never throws.</summary>
internal ref struct SctpChunkReader
{
    private ReadOnlySpan<byte> _rest;

    public SctpChunkReader(ReadOnlySpan<byte> chunks)
    {
        _rest = chunks;
        Malformed = false;
    }

    /// <summary>Set when a chunk header claimed more bytes than remain or a length below 4.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Reads the next chunk; false at the end or on a malformed chunk (see <see cref="Malformed"/>).</summary>
    public bool TryReadNext(out byte type, out byte flags, out ReadOnlySpan<byte> value)
    {
        type = 0;
        flags = 0;
        value = default;
        if (_rest.IsEmpty)
        {
            return false;
        }

        if (_rest.Length < 4)
        {
            Malformed = true;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest.Slice(2));
        if (length < 4 || length > _rest.Length)
        {
            Malformed = true;
            return false;
        }

        type = _rest[0];
        flags = _rest[1];
        value = _rest.Slice(4, length - 4);
        int padded = (length + 3) & ~3;
        _rest = padded >= _rest.Length ? default : _rest.Slice(padded);
        return true;
    }

    /// <summary>Writes a chunk header; returns 4.</summary>
    public static int WriteHeader(Span<byte> dst, byte type, byte flags, int length)
    {
        dst[0] = type;
        dst[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), (ushort)length);
        return 4;
    }

    /// <summary>Rounds a chunk or parameter length up to a multiple of 4.</summary>
    public static int Pad4(int length) => (length + 3) & ~3;
}
