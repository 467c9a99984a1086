using System.Buffers;

namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// The RTP payloads of one access unit, produced once per camera frame by <see cref="H264Packetizer"/> and shared,
/// read-only, by every viewer's send queue and by the NACK history (<see cref="RtpHistory"/>).
/// All payloads live back to back in one buffer rented from an <see cref="ArrayPool{T}"/>; payload <c>i</c> is the
/// slice between offsets <c>i</c> and <c>i + 1</c>.
/// <para>Ownership: explicit reference count, thread-safe. The packetizer returns the frame with a count of 1
/// owned by the caller. Each additional holder calls <see cref="AddRef"/> and later <see cref="Release"/> exactly
/// once; the last <see cref="Release"/> returns the buffers to the pool. Misuse is detected: releasing more times
/// than referenced throws <see cref="InvalidOperationException"/>; <see cref="AddRef"/>, <see cref="GetPayload"/>
/// and <see cref="IsLast"/> on a released frame throw <see cref="ObjectDisposedException"/>.</para>
/// </summary>
public sealed class PacketizedFrame
{
    private readonly ArrayPool<byte> _bytePool;
    private readonly int _payloadCount;
    private byte[]? _buffer;
    private int[]? _offsets;
    private int _referenceCount = 1;

    internal PacketizedFrame(byte[] buffer, int[] offsets, int payloadCount, bool isKeyframe, ArrayPool<byte> bytePool)
    {
        _buffer = buffer;
        _offsets = offsets;
        _payloadCount = payloadCount;
        _bytePool = bytePool;
        IsKeyframe = isKeyframe;
        TotalBytes = offsets[payloadCount];
    }

    /// <summary>Number of RTP payloads (packets) in the frame; 0 when the access unit had nothing to send.</summary>
    public int PayloadCount => _payloadCount;

    /// <summary>True when the access unit contains an IDR slice (NAL unit type 5, H.264 §7.4.1.2).</summary>
    public bool IsKeyframe { get; }

    /// <summary>Sum of all payload lengths in bytes (RTP headers and SRTP overhead not included).</summary>
    public int TotalBytes { get; }

    /// <summary>Current reference count (0 once released); diagnostic.</summary>
    public int ReferenceCount => Volatile.Read(ref _referenceCount);

    /// <summary>True once the last reference was released and the buffers were returned to the pool.</summary>
    public bool IsReleased => Volatile.Read(ref _referenceCount) <= 0;

    /// <summary>Payload <paramref name="index"/> (0-based). The span is valid until the caller's reference is released.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..PayloadCount−1.</exception>
    /// <exception cref="ObjectDisposedException">the frame was released.</exception>
    public ReadOnlySpan<byte> GetPayload(int index)
    {
        int[] offsets = _offsets ?? throw new ObjectDisposedException(nameof(PacketizedFrame));
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(PacketizedFrame));
        if ((uint)index >= (uint)_payloadCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return buffer.AsSpan(offsets[index], offsets[index + 1] - offsets[index]);
    }

    /// <summary>Payload length in bytes of payload <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..PayloadCount−1.</exception>
    /// <exception cref="ObjectDisposedException">the frame was released.</exception>
    public int GetPayloadLength(int index) => GetPayload(index).Length;

    /// <summary>True for the last payload of the frame, which carries the RTP marker bit (RFC 6184 §5.1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..PayloadCount−1.</exception>
    /// <exception cref="ObjectDisposedException">the frame was released.</exception>
    public bool IsLast(int index)
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        if ((uint)index >= (uint)_payloadCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return index == _payloadCount - 1;
    }

    /// <summary>Adds a reference (one more holder). Thread-safe.</summary>
    /// <exception cref="ObjectDisposedException">the frame was already released.</exception>
    public void AddRef()
    {
        while (true)
        {
            int current = Volatile.Read(ref _referenceCount);
            ObjectDisposedException.ThrowIf(current <= 0, this);
            if (Interlocked.CompareExchange(ref _referenceCount, current + 1, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Drops one reference; the last one returns the buffers to the pool. Thread-safe.</summary>
    /// <exception cref="InvalidOperationException">released more times than referenced (double release).</exception>
    public void Release()
    {
        int remaining = Interlocked.Decrement(ref _referenceCount);
        if (remaining < 0)
        {
            throw new InvalidOperationException("PacketizedFrame released more times than it was referenced.");
        }

        if (remaining == 0)
        {
            byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
            int[]? offsets = Interlocked.Exchange(ref _offsets, null);
            if (buffer is not null)
            {
                _bytePool.Return(buffer);
            }

            if (offsets is not null)
            {
                ArrayPool<int>.Shared.Return(offsets);
            }
        }
    }
}
