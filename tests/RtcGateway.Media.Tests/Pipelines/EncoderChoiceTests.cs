using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

public sealed class EncoderChoiceTests
{
    [Theory]
    [InlineData(new[] { "nvv4l2h264enc", "x264enc", "openh264enc" }, "nvv4l2h264enc", true)]
    [InlineData(new[] { "openh264enc", "x264enc" }, "x264enc", false)]
    [InlineData(new[] { "openh264enc" }, "openh264enc", false)]
    [InlineData(new[] { "nvv4l2h264enc" }, "nvv4l2h264enc", true)]
    public void PreferenceOrder(string[] installed, string expected, bool hardware)
    {
        EncoderChoice? choice = EncoderChoice.Select(new StaticElementRegistry(installed), out string reason);
        Assert.NotNull(choice);
        Assert.Equal((expected, hardware), (choice!.Factory, choice.IsHardware));
        Assert.Equal(choice.Reason, reason);
        Assert.Contains(expected + " present", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void JetsonReason_IsTheDocumentedText()
    {
        Assert.Equal("nvv4l2h264enc present: Jetson hardware encoder", EncoderChoice.Select(StaticElementRegistry.Jetson)!.Reason);
    }

    [Fact]
    public void NoEncoder_IsNullWithReasonNamingAllThree()
    {
        Assert.Null(EncoderChoice.Select(new StaticElementRegistry(["videotestsrc", "x265enc"]), out string reason));
        Assert.Contains("no H.264 encoder", reason, StringComparison.Ordinal);
        foreach (string e in new[] { "nvv4l2h264enc", "x264enc", "openh264enc" })
        {
            Assert.Contains(e, reason, StringComparison.Ordinal);
        }
    }
}
