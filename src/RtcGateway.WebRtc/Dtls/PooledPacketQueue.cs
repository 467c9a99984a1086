using System.Buffers;
using System.Collections.Concurrent;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// A bounded multi-producer queue of packets, each copied into a buffer from <see cref="ArrayPool{T}.Shared"/> and
/// returned to the pool when dequeued or cleared. Thread-safe; used between the BouncyCastle engine thread and the
/// session's owner for outgoing datagrams and received application data.
/// </summary>
internal sealed class PooledPacketQueue
{
    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _items = new();
    private readonly int _capacity;
    private int _count;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> packets.</summary>
    public PooledPacketQueue(int capacity) => _capacity = capacity;

    /// <summary>Packets queued now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Copies <paramref name="packet"/> into the queue; false (nothing queued) when it is full.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> packet)
    {
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, packet.Length));
        packet.CopyTo(buffer);
        _items.Enqueue((buffer, packet.Length));
        return true;
    }

    /// <summary>Moves the oldest packet into <paramref name="destination"/>; false when the queue is empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the packet (it stays queued).</exception>
    public bool TryDequeue(Span<byte> destination, out int length)
    {
        length = 0;
        if (!_items.TryPeek(out var item))
        {
            return false;
        }

        if (destination.Length < item.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, the packet needs {item.Length}",
                nameof(destination));
        }

        _items.TryDequeue(out item);
        Interlocked.Decrement(ref _count);
        item.Buffer.AsSpan(0, item.Length).CopyTo(destination);
        length = item.Length;
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return true;
    }

    /// <summary>Drops every queued packet, returning the buffers to the pool.</summary>
    public void Clear()
    {
        while (_items.TryDequeue(out var item))
        {
            Interlocked.Decrement(ref _count);
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }
}
