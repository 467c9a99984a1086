namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Per-viewer map from the viewer's RTP sequence number to what was sent (<see cref="RtpSequenceMapEntry"/>), so
/// that a generic NACK (RFC 4585 §6.2.1) can rebuild the exact packet from the shared <see cref="RtpHistory"/>.
/// A ring buffer indexed by <c>sequenceNumber &amp; mask</c>: O(1) record and lookup, no allocation. Entries are
/// valid for <c>maxAgeMs</c> (default 1,000 ms) and until overwritten by a sequence number <c>capacity</c> later.
/// Single-threaded.
/// </summary>
public sealed class RtpSequenceMap
{
    /// <summary>Default entry lifetime, ms: 1,000 (also what an answer's <c>rtx-time</c> is capped at, RFC 4588 §8.6).</summary>
    public const long DefaultMaxAgeMs = 1000;

    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly long _maxAgeMs;

    /// <summary>Creates a map.</summary>
    /// <param name="capacity">Power of two from 16 to 65,536 (default 4,096 packets ≈ 1 s at 40 Mbit/s of 1,200-byte packets).</param>
    /// <param name="maxAgeMs">Entry lifetime in ms (default 1,000).</param>
    /// <exception cref="ArgumentOutOfRangeException">capacity is not a power of two in 16–65,536, or maxAgeMs is negative.</exception>
    public RtpSequenceMap(int capacity = 4096, long maxAgeMs = DefaultMaxAgeMs)
    {
        if (capacity < 16 || capacity > 65536 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "Capacity must be a power of two in 16..65536.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxAgeMs);
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _maxAgeMs = maxAgeMs;
    }

    /// <summary>Number of slots (maximum entries).</summary>
    public int Capacity => _slots.Length;

    /// <summary>Records what was sent under <paramref name="sequenceNumber"/>, replacing the slot's previous entry.</summary>
    public void Record(ushort sequenceNumber, in RtpSequenceMapEntry entry) =>
        _slots[sequenceNumber & _mask] = new Slot(sequenceNumber, true, entry);

    /// <summary>Looks up a sequence number; false when never recorded, overwritten, or older than the maximum age.</summary>
    public bool TryGet(ushort sequenceNumber, long nowMs, out RtpSequenceMapEntry entry)
    {
        ref readonly Slot slot = ref _slots[sequenceNumber & _mask];
        if (!slot.InUse || slot.SequenceNumber != sequenceNumber || nowMs - slot.Entry.SentAtMs > _maxAgeMs)
        {
            entry = default;
            return false;
        }

        entry = slot.Entry;
        return true;
    }

    /// <summary>
    /// Looks up a sequence number and resolves its frame in the camera history. False when the entry or its frame
    /// is gone. The frame stays owned by the history (see <see cref="RtpHistory.TryGetFrame"/>).
    /// </summary>
    public bool TryGetPacket(
        ushort sequenceNumber, RtpHistory history, long nowMs, out RtpSequenceMapEntry entry, out PacketizedFrame frame)
    {
        ArgumentNullException.ThrowIfNull(history);
        frame = null!;
        return TryGet(sequenceNumber, nowMs, out entry)
            && history.TryGetFrame(entry.FrameId, nowMs, out frame)
            && entry.PayloadIndex < frame.PayloadCount;
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear() => Array.Clear(_slots);

    private readonly record struct Slot(ushort SequenceNumber, bool InUse, RtpSequenceMapEntry Entry);
}
