namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// RTP media clock for video: 90,000 Hz (RFC 6184 §8.2.1, "clock rate 90000"). Timestamps are derived from the
/// capture wall-clock time so that RTCP SR NTP↔RTP mappings (RFC 3550 §6.4.1) use the same function.
/// </summary>
public static class RtpClock
{
    /// <summary>Video RTP clock rate in Hz: 90,000.</summary>
    public const int VideoClockRate = 90_000;

    /// <summary>
    /// Converts a capture time (Unix µs, or any µs time base) to a 90 kHz RTP timestamp:
    /// floor(µs × 9 / 100) + randomOffset, modulo 2^32 (RFC 3550 §5.1: random initial value).
    /// </summary>
    public static uint ToRtpTimestamp(long captureTimeUs, uint randomOffset)
    {
        long ticks = Math.DivRem(captureTimeUs * 9, 100, out long remainder);
        if (remainder < 0)
        {
            ticks--;
        }

        return unchecked((uint)ticks + randomOffset);
    }
}
