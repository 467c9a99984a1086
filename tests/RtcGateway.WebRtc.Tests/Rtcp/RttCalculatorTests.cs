using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtcp;

public class RttCalculatorTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(50_000, 0)]
    [InlineData(37_500, 12_000)]
    [InlineData(250_000, 1_000_000)]
    public void Rtt_IsArrivalMinusLsrMinusDlsr(long rttUs, long receiverHoldUs)
    {
        // We send an SR at t0; the browser holds it receiverHoldUs, and its RR arrives at t0 + rtt + hold.
        long t0 = 1_700_000_000_123_456;
        uint lsr = NtpTimestamp.FromUnixMicroseconds(t0).Middle32;
        uint dlsr = (uint)(receiverHoldUs * 65536 / 1_000_000);
        var block = new RtcpReportBlock(1, 0, 0, 0, 0, lsr, dlsr);
        Assert.True(RttCalculator.TryCalculate(block, t0 + rttUs + receiverHoldUs, out double rttMs));
        Assert.InRange(rttMs, (rttUs / 1000.0) - 0.05, (rttUs / 1000.0) + 0.05);
    }

    [Fact]
    public void NoLsr_OrNegative_ReturnsFalse()
    {
        Assert.False(RttCalculator.TryCalculate(new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0), 1_700_000_000_000_000, out _));
        uint lsr = NtpTimestamp.FromUnixMicroseconds(1_700_000_001_000_000).Middle32;
        Assert.False(RttCalculator.TryCalculate(new RtcpReportBlock(1, 0, 0, 0, 0, lsr, 0), 1_700_000_000_000_000, out _));
    }

    [Fact]
    public void Rtt_AcrossMiddle32Wrap()
    {
        // Middle 32 bits wrap every 65,536 s; pick t0 just before a wrap.
        long t0Ntp = (65536L * 30000) - 1; // NTP seconds
        long t0 = (t0Ntp - NtpTimestamp.UnixEpochOffsetSeconds) * 1_000_000 + 999_000;
        uint lsr = NtpTimestamp.FromUnixMicroseconds(t0).Middle32;
        Assert.True(lsr > 0xFFFF_0000);
        Assert.True(RttCalculator.TryCalculate(new RtcpReportBlock(1, 0, 0, 0, 0, lsr, 0), t0 + 20_000, out double rttMs));
        Assert.InRange(rttMs, 19.95, 20.05);
    }
}
