using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Gst;

public class KeyframeRequesterTests
{
    private sealed class FakeEncoder(bool eventAccepted = true, bool hasSignal = true) : IEncoderKeyframeControl
    {
        public List<string> Calls { get; } = [];

        public bool SendForceKeyUnit(ulong runningTime)
        {
            Calls.Add(runningTime == GstNative.ClockTimeNone ? "event(next)" : $"event({runningTime})");
            return eventAccepted;
        }

        public bool EmitForceIdr()
        {
            Calls.Add("force-IDR");
            return hasSignal;
        }
    }

    [Fact]
    public void Jetson_encoder_gets_the_event_and_force_IDR()
    {
        EncoderChoice encoder = EncoderChoice.Select(StaticElementRegistry.Jetson)!;
        Assert.Equal(EncoderChoice.NvV4l2H264Enc, encoder.Factory);
        var fake = new FakeEncoder();

        Assert.True(new KeyframeRequester(encoder, fake).RequestNow());

        Assert.Equal(["event(next)", "force-IDR"], fake.Calls);
    }

    [Theory]
    [InlineData(EncoderChoice.X264Enc)]
    [InlineData(EncoderChoice.OpenH264Enc)]
    public void Software_encoders_get_the_event_only(string factory)
    {
        StaticElementRegistry registry = factory == EncoderChoice.X264Enc
            ? StaticElementRegistry.Desktop
            : StaticElementRegistry.Desktop.Without(EncoderChoice.X264Enc);
        EncoderChoice encoder = EncoderChoice.Select(registry)!;
        Assert.Equal(factory, encoder.Factory);
        var fake = new FakeEncoder();

        Assert.True(new KeyframeRequester(encoder, fake).RequestNow());

        Assert.Equal(["event(next)"], fake.Calls);
        Assert.False(KeyframeRequester.UsesForceIdrSignal(encoder));
    }

    [Fact]
    public void Scheduled_keyframes_use_the_event_only_even_on_Jetson()
    {
        // force-IDR keys the next frame; a running-time deadline must key the frame at the deadline.
        var fake = new FakeEncoder();
        var requester = new KeyframeRequester(EncoderChoice.Select(StaticElementRegistry.Jetson)!, fake);

        Assert.True(requester.ScheduleAt(2_000_000_000));

        Assert.Equal(["event(2000000000)"], fake.Calls);
    }

    [Fact]
    public void Request_succeeds_when_either_way_is_accepted()
    {
        EncoderChoice jetson = EncoderChoice.Select(StaticElementRegistry.Jetson)!;
        Assert.True(new KeyframeRequester(jetson, new FakeEncoder(eventAccepted: false, hasSignal: true)).RequestNow());
        Assert.True(new KeyframeRequester(jetson, new FakeEncoder(eventAccepted: true, hasSignal: false)).RequestNow());
        Assert.False(new KeyframeRequester(jetson, new FakeEncoder(eventAccepted: false, hasSignal: false)).RequestNow());
    }
}
