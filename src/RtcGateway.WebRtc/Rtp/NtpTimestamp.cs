namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// 64-bit NTP timestamp (RFC 3550 §4; RFC 5905 §6): unsigned 32-bit seconds since 1900-01-01 00:00 UTC and a
/// 32-bit binary fraction of a second (UQ32.32). Seconds wrap every 2^32 s (era boundary in 2036): conversions
/// take the value modulo 2^32 seconds and map era 0 times ≥ 1968 and era 1 times before 2104 correctly back.
/// </summary>
public readonly record struct NtpTimestamp(uint Seconds, uint Fraction)
{
    /// <summary>Seconds between the NTP epoch (1900) and the Unix epoch (1970): 2,208,988,800.</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800L;

    /// <summary>The full 64-bit value (seconds in the high word, fraction in the low word).</summary>
    public ulong Value => ((ulong)Seconds << 32) | Fraction;

    /// <summary>The middle 32 bits (16 low bits of seconds, 16 high bits of fraction), as used in LSR/DLSR (RFC 3550 §6.4.1); unit 1/65,536 s.</summary>
    public uint Middle32 => (uint)(Value >> 16);

    /// <summary>Builds a timestamp from a 64-bit NTP value.</summary>
    public static NtpTimestamp FromValue(ulong value) => new((uint)(value >> 32), (uint)value);

    /// <summary>Converts Unix time in microseconds to NTP (fraction rounded to nearest).</summary>
    public static NtpTimestamp FromUnixMicroseconds(long unixMicroseconds)
    {
        long seconds = Math.DivRem(unixMicroseconds, 1_000_000L, out long micros);
        if (micros < 0)
        {
            micros += 1_000_000L;
            seconds--;
        }

        ulong fraction = (((ulong)micros << 32) + 500_000UL) / 1_000_000UL;
        ulong ntpSeconds = (ulong)(seconds + UnixEpochOffsetSeconds);
        if (fraction > uint.MaxValue)
        {
            fraction = 0;
            ntpSeconds++;
        }

        return new NtpTimestamp((uint)ntpSeconds, (uint)fraction);
    }

    /// <summary>
    /// Converts back to Unix time in microseconds (rounded to nearest). Seconds values below 2^31 are taken to be
    /// in NTP era 1 (after 2036-02-07) so that the result stays monotonic across the era boundary.
    /// </summary>
    public long ToUnixMicroseconds()
    {
        long seconds = Seconds;
        if (seconds < 0x8000_0000L)
        {
            seconds += 1L << 32;
        }

        long micros = (long)((((ulong)Fraction * 1_000_000UL) + 0x8000_0000UL) >> 32);
        return ((seconds - UnixEpochOffsetSeconds) * 1_000_000L) + micros;
    }
}
