using RtcGateway.Server.Bitrate;

namespace RtcGateway.Server.Tests.Bitrate;

public sealed class SendRateMeterTests
{
    [Fact]
    public void Rate_needs_samples_a_second_apart_and_covers_the_newest_span_of_at_least_1_s()
    {
        var meter = new SendRateMeter();
        Assert.Null(meter.Kbps);
        meter.Sample(0, 0);
        meter.Sample(500, 62_500);
        Assert.Null(meter.Kbps); // only 500 ms
        meter.Sample(1000, 125_000); // 1 Mbit/s so far
        Assert.Equal(1000, meter.Kbps);
        meter.Sample(1500, 250_000); // 2 Mbit/s in the last 500 ms
        Assert.Equal(1500, meter.Kbps); // (250000-62500)*8 bits over 1000 ms
    }

    [Fact]
    public void Ring_wraps_and_a_counter_that_went_backwards_reads_zero()
    {
        var meter = new SendRateMeter();
        for (int i = 0; i < 20; i++)
        {
            meter.Sample(i * 500L, i * 50_000L); // 800 kbit/s
        }

        Assert.Equal(800, meter.Kbps);
        meter.Sample(10_000, 0);
        meter.Sample(10_500, 0);
        Assert.Equal(0, meter.Kbps);
    }
}
