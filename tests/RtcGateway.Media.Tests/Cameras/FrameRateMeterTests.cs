using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Tests.Cameras;

public sealed class FrameRateMeterTests
{
    [Theory]
    [InlineData(12.5, 10)]
    [InlineData(12.5, 500)]
    [InlineData(29.83, 500)]
    [InlineData(30000.0 / 1001, 200)]
    [InlineData(120, 1000)]
    public void Rate_FromRunningTimes(double fps, int frames)
    {
        var meter = new FrameRateMeter();
        for (int i = 0; i < frames; i++)
        {
            meter.Add(5_000_000_000L + (long)Math.Round(i * 1e9 / fps));
        }

        Assert.InRange(meter.FramesPerSecond, fps * 0.999, fps * 1.001);
    }

    [Fact]
    public void NeedsTwoIncreasingTimestamps_AndIgnoresRepeats()
    {
        var meter = new FrameRateMeter();
        Assert.Equal(0, meter.FramesPerSecond);
        meter.Add(1_000_000_000);
        Assert.Equal(0, meter.FramesPerSecond);
        meter.Add(1_000_000_000); // repeated running time (loop point): ignored
        meter.Add(900_000_000);
        Assert.Equal(0, meter.FramesPerSecond);
        meter.Add(1_040_000_000);
        Assert.Equal(25, meter.FramesPerSecond, 6);
    }

    [Fact]
    public void RateChange_IsFollowedWithinOneWindow()
    {
        var meter = new FrameRateMeter();
        long pts = 0;
        for (int i = 0; i < 200; i++)
        {
            meter.Add(pts += 33_333_333);
        }

        for (int i = 0; i < FrameRateMeter.Window; i++)
        {
            meter.Add(pts += 80_000_000);
        }

        Assert.Equal(12.5, meter.FramesPerSecond, 6);
    }
}
