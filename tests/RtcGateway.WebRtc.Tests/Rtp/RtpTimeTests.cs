using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtp;

public class RtpTimeTests
{
    [Fact]
    public void Ntp_UnixEpoch_IsOffsetSeconds()
    {
        NtpTimestamp ntp = NtpTimestamp.FromUnixMicroseconds(0);
        Assert.Equal(2_208_988_800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
    }

    [Fact]
    public void Ntp_HalfSecond_IsHalfFraction_AndMiddle32()
    {
        NtpTimestamp ntp = NtpTimestamp.FromUnixMicroseconds(1_500_000);
        Assert.Equal(2_208_988_801u, ntp.Seconds);
        Assert.Equal(0x8000_0000u, ntp.Fraction);
        Assert.Equal(((2_208_988_801u & 0xFFFF) << 16) | 0x8000u, ntp.Middle32);
    }

    [Theory]
    [InlineData(1_700_000_123_456_789L)]
    [InlineData(0L)]
    [InlineData(999_999L)]
    [InlineData(2_085_978_496_000_001L)] // after the 2036 NTP era rollover
    public void Ntp_RoundTripsWithinOneMicrosecond(long unixUs)
    {
        long back = NtpTimestamp.FromUnixMicroseconds(unixUs).ToUnixMicroseconds();
        Assert.InRange(back - unixUs, -1, 1);
    }

    [Fact]
    public void Ntp_RandomRoundTrip()
    {
        var random = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            long us = random.NextInt64(0, 4_000_000_000_000_000);
            Assert.InRange(NtpTimestamp.FromUnixMicroseconds(us).ToUnixMicroseconds() - us, -1, 1);
        }
    }

    [Fact]
    public void RtpClock_90kHz_WithOffsetAndWrap()
    {
        Assert.Equal(90_000u, RtpClock.ToRtpTimestamp(1_000_000, 0));
        Assert.Equal(3000u + 7, RtpClock.ToRtpTimestamp(33_333 + 1, 7));
        uint a = RtpClock.ToRtpTimestamp(1_700_000_000_000_000, 0xFFFF_FFF0);
        uint b = RtpClock.ToRtpTimestamp(1_700_000_000_033_333, 0xFFFF_FFF0);
        Assert.Equal(2999u, unchecked(b - a));
    }
}
