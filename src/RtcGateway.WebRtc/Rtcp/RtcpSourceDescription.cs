using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 3550 §6.5 SDES: SC chunks; each chunk = SSRC/CSRC (4) then items (type 1 byte, length 1 byte, text),
// terminated by one or more null octets (item type END = 0) up to the next 32-bit boundary.

/// <summary>View of a validated SDES packet (RFC 3550 §6.5); enumerate items with <see cref="GetItems"/>.</summary>
public readonly ref struct RtcpSourceDescription
{
    /// <summary>SDES item type CNAME (RFC 3550 §6.5.1).</summary>
    public const byte CnameItemType = 1;

    private readonly ReadOnlySpan<byte> _body;

    internal RtcpSourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    /// <summary>Number of chunks (SC).</summary>
    public int ChunkCount { get; }

    /// <summary>Enumerates every item of every chunk.</summary>
    public RtcpSdesItemEnumerator GetItems() => new(_body, ChunkCount);

    /// <summary>Validates the chunk structure; used by the reader. Never throws.</summary>
    internal static bool Validate(ReadOnlySpan<byte> body, int chunkCount)
    {
        var enumerator = new RtcpSdesItemEnumerator(body, chunkCount);
        while (enumerator.MoveNext())
        {
        }

        return enumerator.Completed;
    }
}

/// <summary>One SDES item: chunk SSRC, item type (1 = CNAME), value bytes (UTF-8 text).</summary>
public readonly ref struct RtcpSdesItem
{
    internal RtcpSdesItem(uint ssrc, byte type, ReadOnlySpan<byte> value)
    {
        Ssrc = ssrc;
        Type = type;
        Value = value;
    }

    /// <summary>SSRC/CSRC of the chunk.</summary>
    public uint Ssrc { get; }

    /// <summary>Item type (RFC 3550 §6.5: 1 CNAME, 2 NAME, … 8 PRIV).</summary>
    public byte Type { get; }

    /// <summary>Item text (0–255 bytes, UTF-8).</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Allocation-free enumerator over SDES items; stops without throwing on malformed data.</summary>
public ref struct RtcpSdesItemEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _chunkCount;
    private int _chunk;
    private int _offset;
    private bool _inChunk;
    private uint _ssrc;
    private RtcpSdesItem _current;

    internal RtcpSdesItemEnumerator(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunkCount = chunkCount;
        _chunk = 0;
        _offset = 0;
        _inChunk = false;
        _ssrc = 0;
        _current = default;
        Completed = false;
    }

    /// <summary>The current item.</summary>
    public readonly RtcpSdesItem Current => _current;

    /// <summary>True once all SC chunks were read without running past the packet.</summary>
    public bool Completed { get; private set; }

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly RtcpSdesItemEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next item; false at the end or on malformed data.</summary>
    public bool MoveNext()
    {
        while (_chunk >= 0)
        {
            if (!_inChunk)
            {
                if (_chunk == _chunkCount)
                {
                    Completed = true;
                    return false;
                }

                if (_offset + 4 > _body.Length)
                {
                    return Fail();
                }

                _ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(_offset));
                _offset += 4;
                _inChunk = true;
            }

            if (_offset >= _body.Length)
            {
                return Fail();
            }

            byte type = _body[_offset];
            if (type == 0)
            {
                // END item: skip the null octets up to the next 32-bit boundary (offsets are relative to the
                // 32-bit aligned body).
                int next = (_offset + 4) & ~3;
                if (next > _body.Length)
                {
                    return Fail();
                }

                _offset = next;
                _inChunk = false;
                _chunk++;
                continue;
            }

            if (_offset + 2 > _body.Length || _offset + 2 + _body[_offset + 1] > _body.Length)
            {
                return Fail();
            }

            int length = _body[_offset + 1];
            _current = new RtcpSdesItem(_ssrc, type, _body.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }

        return false;
    }

    private bool Fail()
    {
        _chunk = -1;
        _inChunk = false;
        _offset = _body.Length;
        Completed = false;
        return false;
    }
}
