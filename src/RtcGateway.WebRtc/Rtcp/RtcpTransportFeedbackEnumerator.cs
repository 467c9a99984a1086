using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Allocation-free enumerator over the packets of a validated <see cref="RtcpTransportFeedback"/>: decodes the chunks'
/// status symbols and the receive deltas in step (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.3–§3.1.5).
/// </summary>
public ref struct RtcpTransportFeedbackEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private readonly int _statusCount;
    private int _index;
    private int _chunkOffset;
    private int _chunk;
    private int _chunkLeft;
    private int _chunkPosition;
    private int _deltaOffset;
    private long _timeTicks;
    private ushort _sequence;
    private RtcpTransportFeedbackStatus _current;

    internal RtcpTransportFeedbackEnumerator(
        ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequence, int statusCount, int referenceTime)
    {
        _chunks = chunks;
        _deltas = deltas;
        _statusCount = statusCount;
        _index = 0;
        _chunkOffset = 0;
        _chunk = 0;
        _chunkLeft = 0;
        _chunkPosition = 0;
        _deltaOffset = 0;
        _timeTicks = referenceTime * (long)(RtcpTransportFeedback.ReferenceTimeUnitUs / RtcpTransportFeedback.DeltaTickUs);
        _sequence = baseSequence;
        _current = default;
    }

    /// <summary>The current packet.</summary>
    public readonly RtcpTransportFeedbackStatus Current => _current;

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly RtcpTransportFeedbackEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next reported packet; false after <see cref="RtcpTransportFeedback.PacketStatusCount"/> packets.</summary>
    public bool MoveNext()
    {
        if (_index >= _statusCount)
        {
            return false;
        }

        while (_chunkLeft == 0)
        {
            // Validated by TryRead: the chunks cover the status count, so this never reads past _chunks.
            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks.Slice(_chunkOffset));
            _chunkOffset += 2;
            _chunkPosition = 0;
            _chunkLeft = (_chunk & 0x8000) == 0 ? _chunk & 0x1FFF : (_chunk & 0x4000) == 0 ? 14 : 7;
        }

        int symbol;
        if ((_chunk & 0x8000) == 0)
        {
            symbol = (_chunk >> 13) & 0x3;
        }
        else if ((_chunk & 0x4000) == 0)
        {
            symbol = (_chunk >> (13 - _chunkPosition)) & 0x1;
        }
        else
        {
            symbol = (_chunk >> (12 - (2 * _chunkPosition))) & 0x3;
        }

        _chunkPosition++;
        _chunkLeft--;
        int delta = 0;
        if (symbol == 1)
        {
            delta = _deltas[_deltaOffset];
            _deltaOffset++;
        }
        else if (symbol == 2)
        {
            delta = BinaryPrimitives.ReadInt16BigEndian(_deltas.Slice(_deltaOffset));
            _deltaOffset += 2;
        }

        long timeUs = 0;
        if (symbol != 0)
        {
            _timeTicks += delta;
            timeUs = _timeTicks * RtcpTransportFeedback.DeltaTickUs;
        }

        _current = new RtcpTransportFeedbackStatus(_sequence, (RtcpPacketStatusSymbol)symbol, delta, timeUs);
        _sequence = unchecked((ushort)(_sequence + 1));
        _index++;
        return true;
    }
}
