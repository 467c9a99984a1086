using RtcGateway.WebRtc.Rtcp;

namespace RtcGateway.WebRtc.Tests.Rtcp;

public class RtcpReceptionLossIntervalTests
{
    private static RtcpReportBlock Block(uint extendedHighest, int cumulativeLost, uint ssrc = 7) =>
        new(ssrc, 0, cumulativeLost, extendedHighest, 0, 0, 0);

    [Fact]
    public void LossBetweenTwoReports()
    {
        Assert.True(RtcpReceptionLossInterval.TryCompute(Block(1000, 10), Block(1200, 30), out RtcpReceptionLossInterval interval));
        Assert.Equal(new RtcpReceptionLossInterval(200, 20), interval);
        Assert.Equal(0.1, interval.LossFraction, 9);
    }

    [Fact]
    public void ExtendedSequenceWrapsModulo2To32()
    {
        Assert.True(RtcpReceptionLossInterval.TryCompute(Block(0xFFFF_FFF0, 5), Block(0x0000_0010, 6), out RtcpReceptionLossInterval interval));
        Assert.Equal(0x20, interval.ExpectedPackets);
        Assert.Equal(1, interval.LostPackets);
    }

    [Fact]
    public void DuplicatesMakeLossNegative_ClampedToZero_AndLossAboveExpectedClamped()
    {
        Assert.True(RtcpReceptionLossInterval.TryCompute(Block(100, 10), Block(150, 4), out RtcpReceptionLossInterval interval));
        Assert.Equal(0, interval.LostPackets);
        Assert.True(RtcpReceptionLossInterval.TryCompute(Block(100, 0), Block(110, 0x7F_FFFF), out interval));
        Assert.Equal(10, interval.LostPackets);
        Assert.Equal(1.0, interval.LossFraction);
    }

    [Fact]
    public void StaleReorderedOrOtherSource_Rejected()
    {
        Assert.False(RtcpReceptionLossInterval.TryCompute(Block(100, 0), Block(100, 0), out _));
        Assert.False(RtcpReceptionLossInterval.TryCompute(Block(100, 0), Block(90, 0), out _));
        Assert.False(RtcpReceptionLossInterval.TryCompute(Block(100, 0), Block(200, 0, ssrc: 8), out _));
    }
}
