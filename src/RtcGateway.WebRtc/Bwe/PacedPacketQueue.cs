namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// FIFO ring of <see cref="PacedPacket"/>s with their enqueue times for one priority class of the
/// <see cref="PacedSender"/>. Grows by doubling and never shrinks, so after warm-up it does not allocate.
/// </summary>
internal sealed class PacedPacketQueue
{
    private PacedPacket[] _packets = new PacedPacket[64];
    private long[] _enqueueTimesUs = new long[64];
    private int _head;

    public int Count { get; private set; }

    public long OldestEnqueueTimeUs => _enqueueTimesUs[_head];

    public void Enqueue(in PacedPacket packet, long nowUs)
    {
        if (Count == _packets.Length)
        {
            Grow();
        }

        int tail = (_head + Count) & (_packets.Length - 1);
        _packets[tail] = packet;
        _enqueueTimesUs[tail] = nowUs;
        Count++;
    }

    public ref readonly PacedPacket Peek() => ref _packets[_head];

    public PacedPacket Dequeue(out long enqueueTimeUs)
    {
        PacedPacket packet = _packets[_head];
        enqueueTimeUs = _enqueueTimesUs[_head];
        _head = (_head + 1) & (_packets.Length - 1);
        Count--;
        return packet;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    private void Grow()
    {
        var packets = new PacedPacket[_packets.Length * 2];
        var times = new long[_packets.Length * 2];
        for (int i = 0; i < Count; i++)
        {
            int from = (_head + i) & (_packets.Length - 1);
            packets[i] = _packets[from];
            times[i] = _enqueueTimesUs[from];
        }

        _packets = packets;
        _enqueueTimesUs = times;
        _head = 0;
    }
}
