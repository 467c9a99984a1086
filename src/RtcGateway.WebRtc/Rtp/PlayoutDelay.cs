using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Payload of the playout-delay header extension
/// (<c>http://www.webrtc.org/experiments/rtp-hdrext/playout-delay</c>): 3 bytes, a 12-bit minimum and a 12-bit
/// maximum delay, both in units of 10 ms (0–40,950 ms).
/// <code>
///  0                   1                   2
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       MIN delay       |       MAX delay       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// min = max = 0 asks the receiver to render as soon as a frame is decoded.
/// </summary>
public readonly record struct PlayoutDelay(ushort MinimumTenMs, ushort MaximumTenMs)
{
    /// <summary>Size of the extension data in bytes: 3.</summary>
    public const int Size = 3;

    /// <summary>Largest value of either 12-bit field: 4,095 (40.95 s).</summary>
    public const ushort MaxValue = 0x0FFF;

    /// <summary>Writes the 3 bytes; throws <see cref="ArgumentOutOfRangeException"/> when a field exceeds 4,095 and <see cref="ArgumentException"/> when destination is shorter than 3.</summary>
    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinimumTenMs, MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaximumTenMs, MaxValue);
        if (destination.Length < Size)
        {
            throw new ArgumentException("Destination shorter than 3 bytes.", nameof(destination));
        }

        uint packed = ((uint)MinimumTenMs << 12) | MaximumTenMs;
        destination[0] = (byte)(packed >> 16);
        destination[1] = (byte)(packed >> 8);
        destination[2] = (byte)packed;
        return Size;
    }

    /// <summary>Reads the 3-byte form; false when data is not exactly 3 bytes. Never throws.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out PlayoutDelay value)
    {
        if (data.Length != Size)
        {
            value = default;
            return false;
        }

        uint packed = ((uint)data[0] << 16) | ((uint)data[1] << 8) | data[2];
        value = new PlayoutDelay((ushort)(packed >> 12), (ushort)(packed & MaxValue));
        return true;
    }
}
