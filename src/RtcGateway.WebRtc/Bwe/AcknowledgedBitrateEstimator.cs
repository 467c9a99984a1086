namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// R_hat of draft-ietf-rmcat-gcc-02 §5.5: the bitrate the receiver actually got, measured from transport-wide
/// feedback as the bytes of received packets whose arrival time lies in the last <see cref="WindowUs"/> (0.5 s,
/// the draft's T ∈ [0.5, 1] s) of receiver time, divided by the window. Until the window has filled (and for at least
/// <see cref="MinSpanUs"/>) the rate is taken over the span seen so far. A fixed ring of
/// <see cref="Capacity"/> packets (no per-packet allocation); when it overflows the oldest packets fall out and the
/// span shrinks accordingly. An arrival more than 1 s backwards or 5 s forwards of the newest restarts the
/// measurement (receiver clock reset). Never throws.
/// </summary>
internal sealed class AcknowledgedBitrateEstimator
{
    /// <summary>T of §5.5, µs.</summary>
    public const long WindowUs = 500_000;

    /// <summary>No rate before packets span at least this, µs.</summary>
    public const long MinSpanUs = 100_000;

    /// <summary>Packets the ring holds (enough for ~40 Mbit/s of 1,200-byte packets over the window).</summary>
    public const int Capacity = 2048;

    private readonly long[] _arrivalUs = new long[Capacity];
    private readonly int[] _bytes = new int[Capacity];
    private int _head;
    private int _count;
    private long _sumBytes;
    private long _newestUs;
    private long _firstUs;
    private bool _overflowed;

    /// <summary>Restarts of the measurement caused by arrival clock jumps, count.</summary>
    public long Resets { get; private set; }

    /// <summary>Forgets every packet.</summary>
    public void Reset()
    {
        _head = 0;
        _count = 0;
        _sumBytes = 0;
        _overflowed = false;
    }

    /// <summary>Adds one received packet.</summary>
    /// <param name="arrivalTimeUs">Arrival time, µs on the receiver's clock.</param>
    /// <param name="sizeBytes">Size, bytes (&gt; 0).</param>
    public void Add(long arrivalTimeUs, int sizeBytes)
    {
        if (_count > 0)
        {
            long step = arrivalTimeUs - _newestUs;
            if (step < -1_000_000 || step > 5_000_000)
            {
                Resets++;
                Reset();
            }
        }

        if (_count == 0)
        {
            _newestUs = arrivalTimeUs;
            _firstUs = arrivalTimeUs;
        }
        else if (arrivalTimeUs <= _newestUs - WindowUs)
        {
            return;
        }

        if (_count == Capacity)
        {
            RemoveOldest();
            _overflowed = true;
        }

        int tail = (_head + _count) % Capacity;
        _arrivalUs[tail] = arrivalTimeUs;
        _bytes[tail] = sizeBytes;
        _count++;
        _sumBytes += sizeBytes;
        _newestUs = Math.Max(_newestUs, arrivalTimeUs);

        while (_count > 0 && _arrivalUs[_head] <= _newestUs - WindowUs)
        {
            RemoveOldest();
        }
    }

    /// <summary>R_hat, bits/s, or null until enough has been received.</summary>
    public long? BitrateBps
    {
        get
        {
            if (_count < 2)
            {
                return null;
            }

            if (!_overflowed && _newestUs - _firstUs >= WindowUs)
            {
                return (long)(_sumBytes * 8.0 * 1_000_000 / WindowUs);
            }

            long span = _newestUs - _arrivalUs[_head];
            if (span < MinSpanUs)
            {
                return null;
            }

            // Bytes after the oldest packet over the span between the oldest and the newest arrival.
            return (long)((_sumBytes - _bytes[_head]) * 8.0 * 1_000_000 / span);
        }
    }

    private void RemoveOldest()
    {
        _sumBytes -= _bytes[_head];
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
