namespace RtcGateway.WebRtc.Bwe;

/// <summary>Sizing of a <see cref="SendSideHistory"/>.</summary>
public sealed class SendSideHistoryOptions
{
    /// <summary>
    /// Ring capacity in packets, a power of two, 256–1,048,576 (default 8,192: ~4 s at 20 Mbit/s of 1,200-byte packets,
    /// 16 s at 5 Mbit/s). Memory: 32 bytes a packet.
    /// </summary>
    public int Capacity { get; init; } = 8192;

    /// <summary>How long a sent packet is kept waiting for feedback, µs (default 5 s). Older ones are evicted (and leave
    /// <see cref="SendSideHistory.BytesInFlight"/>) when a newer packet is sent.</summary>
    public long MaxAgeUs { get; init; } = 5_000_000;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">capacity not a power of two in range, or age not positive.</exception>
    public void Validate()
    {
        if (Capacity is < 256 or > 1 << 20 || (Capacity & (Capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "Capacity must be a power of two from 256 to 1,048,576.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAgeUs, nameof(MaxAgeUs));
    }
}
