namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Per-camera history of recently sent <see cref="PacketizedFrame"/>s for NACK retransmission (RFC 4585 §6.2.1).
/// Holds one reference (<see cref="PacketizedFrame.AddRef"/>) per stored frame and releases it on eviction.
/// Bounded by count (ring capacity, a power of two) and by age (<c>maxAgeMs</c>, default 1,000 ms).
/// Frames are identified by a monotonic frame id (starting at 0) returned by <see cref="Add"/>; lookups are
/// O(1) (slot = id &amp; mask). Single-threaded: driven by the loop that owns the camera's viewers.
/// </summary>
public sealed class RtpHistory : IDisposable
{
    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly long _maxAgeMs;
    private long _nextFrameId;
    private int _count;

    /// <summary>Creates a history.</summary>
    /// <param name="capacity">Maximum frames held; a power of two (default 128: ~2 s at 60 fps).</param>
    /// <param name="maxAgeMs">Frames older than this (ms since <see cref="Add"/>) are released (default 1,000).</param>
    /// <exception cref="ArgumentOutOfRangeException">capacity is not a positive power of two, or maxAgeMs is negative.</exception>
    public RtpHistory(int capacity = 128, long maxAgeMs = 1000)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "Capacity must be a positive power of two.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxAgeMs);
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _maxAgeMs = maxAgeMs;
    }

    /// <summary>Number of frames currently held.</summary>
    public int Count => _count;

    /// <summary>Id the next <see cref="Add"/> will return.</summary>
    public long NextFrameId => _nextFrameId;

    /// <summary>
    /// Stores a frame (adds a reference), evicting expired frames and, when full, the oldest one.
    /// Returns the frame id to record in each viewer's <see cref="RtpSequenceMap"/>.
    /// </summary>
    /// <param name="frame">The shared frame; the caller keeps its own reference.</param>
    /// <param name="nowMs">Current time in ms (any monotonic base shared with the other calls).</param>
    /// <exception cref="ObjectDisposedException">frame was already released.</exception>
    public long Add(PacketizedFrame frame, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Evict(nowMs);
        if (_count == _slots.Length)
        {
            ReleaseOldest();
        }

        frame.AddRef();
        long id = _nextFrameId++;
        _slots[id & _mask] = new Slot(frame, nowMs);
        _count++;
        return id;
    }

    /// <summary>
    /// Looks up a frame by id. The frame stays owned by the history: use it within the current loop turn or call
    /// <see cref="PacketizedFrame.AddRef"/>. False when the id was evicted, is too old, or was never issued.
    /// </summary>
    public bool TryGetFrame(long frameId, long nowMs, out PacketizedFrame frame)
    {
        frame = null!;
        long oldest = _nextFrameId - _count;
        if (frameId < oldest || frameId >= _nextFrameId)
        {
            return false;
        }

        Slot slot = _slots[frameId & _mask];
        if (slot.Frame is null || nowMs - slot.AddedAtMs > _maxAgeMs)
        {
            return false;
        }

        frame = slot.Frame;
        return true;
    }

    /// <summary>Releases every frame older than the maximum age at <paramref name="nowMs"/>.</summary>
    public void Evict(long nowMs)
    {
        while (_count > 0)
        {
            Slot oldest = _slots[(_nextFrameId - _count) & _mask];
            if (nowMs - oldest.AddedAtMs <= _maxAgeMs)
            {
                return;
            }

            ReleaseOldest();
        }
    }

    /// <summary>Releases every held frame.</summary>
    public void Clear()
    {
        while (_count > 0)
        {
            ReleaseOldest();
        }
    }

    /// <summary>Same as <see cref="Clear"/>.</summary>
    public void Dispose() => Clear();

    private void ReleaseOldest()
    {
        long index = (_nextFrameId - _count) & _mask;
        PacketizedFrame? frame = _slots[index].Frame;
        _slots[index] = default;
        _count--;
        frame?.Release();
    }

    private readonly record struct Slot(PacketizedFrame? Frame, long AddedAtMs);
}
