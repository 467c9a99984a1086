using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 9260 §3.3.1 DATA:
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 0    |  Res  |I|U|B|E|           Length              |
// |                              TSN                              |
// |      Stream Identifier S      |   Stream Sequence Number n    |
// |                  Payload Protocol Identifier                  |
// \                 User Data (seq n of Stream S)                 \
// U = unordered, B = first fragment, E = last fragment, I = SACK immediately (RFC 7053).

/// <summary>Parsed DATA chunk (RFC 9260 §3.3.1). <see cref="UserData"/> points into the packet.</summary>
internal readonly ref struct SctpDataChunk
{
    public const byte FlagEnd = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;
    public const int HeaderSize = 16;

    public byte Flags { get; init; }

    public uint Tsn { get; init; }

    public ushort StreamId { get; init; }

    public ushort Ssn { get; init; }

    public uint Ppid { get; init; }

    public ReadOnlySpan<byte> UserData { get; init; }

    public bool Unordered => (Flags & FlagUnordered) != 0;

    public bool Beginning => (Flags & FlagBeginning) != 0;

    public bool End => (Flags & FlagEnd) != 0;

    /// <summary>Parses a DATA chunk value; false when shorter than 12 bytes or without user data (§6.2: empty DATA is an error).</summary>
    public static bool TryRead(byte flags, ReadOnlySpan<byte> value, out SctpDataChunk chunk)
    {
        if (value.Length <= 12)
        {
            chunk = default;
            return false;
        }

        chunk = new SctpDataChunk
        {
            Flags = flags,
            Tsn = BinaryPrimitives.ReadUInt32BigEndian(value),
            StreamId = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(4)),
            Ssn = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(6)),
            Ppid = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(8)),
            UserData = value.Slice(12),
        };
        return true;
    }

    /// <summary>Writes a DATA chunk with its padding; returns bytes written.</summary>
    public static int Write(Span<byte> dst, byte flags, uint tsn, ushort streamId, ushort ssn, uint ppid, ReadOnlySpan<byte> userData)
    {
        int length = HeaderSize + userData.Length;
        int padded = SctpChunkReader.Pad4(length);
        SctpChunkReader.WriteHeader(dst, SctpChunkType.Data, flags, length);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), tsn);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(8), streamId);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(10), ssn);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(12), ppid);
        userData.CopyTo(dst.Slice(HeaderSize));
        dst.Slice(length, padded - length).Clear();
        return padded;
    }
}
