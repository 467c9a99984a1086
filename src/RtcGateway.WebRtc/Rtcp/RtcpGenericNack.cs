using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 4585 §6.1 feedback header: SSRC of packet sender (4) | SSRC of media source (4) | FCI.
// RFC 4585 §6.2.1 Generic NACK FCI entries (4 bytes each):
//  0                   1                   2                   3
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            PID                |             BLP               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// PID: a lost packet's sequence number; BLP bit i (LSB = 0) set means PID + i + 1 is lost too.

/// <summary>View of a validated generic NACK (RFC 4585 §6.2.1).</summary>
public readonly ref struct RtcpGenericNack
{
    private readonly ReadOnlySpan<byte> _body;

    internal RtcpGenericNack(ReadOnlySpan<byte> body) => _body = body;

    /// <summary>SSRC of the packet sender (the browser).</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of the media source the NACK is about (our video SSRC).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>Number of PID/BLP entries.</summary>
    public int ItemCount => (_body.Length - 8) / 4;

    /// <summary>Entry <paramref name="index"/> as (PID, BLP).</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="ItemCount"/>.</exception>
    public (ushort Pid, ushort Blp) GetItem(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ItemCount);
        ReadOnlySpan<byte> item = _body.Slice(8 + (4 * index));
        return (BinaryPrimitives.ReadUInt16BigEndian(item), BinaryPrimitives.ReadUInt16BigEndian(item.Slice(2)));
    }

    /// <summary>Enumerates every lost sequence number (PID, then PID + i + 1 for each set BLP bit i), in entry order, wrapping mod 2^16.</summary>
    public RtcpNackSequenceEnumerator GetLostSequenceNumbers() => new(_body.Slice(8));

    internal static bool Validate(ReadOnlySpan<byte> body) => body.Length >= 12 && (body.Length - 8) % 4 == 0;
}

/// <summary>Allocation-free enumerator over the sequence numbers a generic NACK reports lost.</summary>
public ref struct RtcpNackSequenceEnumerator
{
    private readonly ReadOnlySpan<byte> _fci;
    private int _item;
    private int _bit;
    private ushort _current;

    internal RtcpNackSequenceEnumerator(ReadOnlySpan<byte> fci)
    {
        _fci = fci;
        _item = 0;
        _bit = -1;
        _current = 0;
    }

    /// <summary>The current lost sequence number.</summary>
    public readonly ushort Current => _current;

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly RtcpNackSequenceEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next lost sequence number.</summary>
    public bool MoveNext()
    {
        while ((_item * 4) + 4 <= _fci.Length)
        {
            ReadOnlySpan<byte> item = _fci.Slice(_item * 4, 4);
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(item);
            ushort blp = BinaryPrimitives.ReadUInt16BigEndian(item.Slice(2));
            if (_bit < 0)
            {
                _bit = 0;
                _current = pid;
                return true;
            }

            while (_bit < 16)
            {
                int bit = _bit++;
                if ((blp & (1 << bit)) != 0)
                {
                    _current = unchecked((ushort)(pid + bit + 1));
                    return true;
                }
            }

            _item++;
            _bit = -1;
        }

        return false;
    }
}
