using RtcGateway.Media.Gst;

namespace RtcGateway.Media.Tests.Gst;

/// <summary>The native side of force-IDR: signal lookup on the instance type and a parameterless action emission.
/// No nvv4l2h264enc here, so a -good element with a void, parameterless action signal stands in for it.</summary>
public class GstActionSignalTests
{
    [Fact]
    public void Emits_an_existing_parameterless_action_signal()
    {
        using GstPipeline p = GstPipeline.Parse("rtpjitterbuffer name=jb ! fakesink");
        using GstObjectHandle jb = p.TryGetElement("jb")!;
        Assert.True(GstActionSignal.TryEmit(jb, "clear-pt-map")); // rtpjitterbuffer: void clear-pt-map (GstElement*)
    }

    [Fact]
    public void Reports_false_when_the_element_has_no_such_signal()
    {
        using GstPipeline p = GstPipeline.Parse("videotestsrc ! x264enc name=encoder ! fakesink");
        using GstObjectHandle encoder = p.TryGetElement("encoder")!;
        Assert.False(GstActionSignal.TryEmit(encoder, "force-IDR"));
        Assert.NotEqual((nuint)0, GstNative.InstanceType(encoder.DangerousGetHandle()));
    }
}
