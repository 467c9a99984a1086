using Microsoft.Extensions.Logging;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

public class ElementInventoryTests
{
    [Fact]
    public void Complete_platforms_miss_nothing()
    {
        Assert.Empty(ElementInventory.FindMissing(StaticElementRegistry.Desktop));
        Assert.Empty(ElementInventory.FindMissing(StaticElementRegistry.Jetson));
    }

    [Fact]
    public void Missing_pango_overlays_are_reported_with_gstreamer1_0_x()
    {
        // Regression: a fresh machine without gstreamer1.0-x ran the default test source without its clock, silently.
        IReadOnlyList<MissingElement> missing = ElementInventory.FindMissing(StaticElementRegistry.Desktop.Without("clockoverlay", "timeoverlay"));
        Assert.Equal(["clockoverlay", "timeoverlay"], missing.Select(m => m.Factory));
        Assert.All(missing, m => Assert.Equal("install the Debian package gstreamer1.0-x", m.Hint));
        Assert.Equal("the test source has no wall-clock overlay", missing[0].Effect);
    }

    [Fact]
    public void No_encoder_at_all_is_one_entry_naming_x264enc_and_the_ugly_package()
    {
        MissingElement m = Assert.Single(ElementInventory.FindMissing(StaticElementRegistry.Desktop.Without("x264enc", "openh264enc")));
        Assert.Equal(("x264enc", "install the Debian package gstreamer1.0-plugins-ugly"), (m.Factory, m.Hint));
        Assert.StartsWith("no H.264 encoder", m.Effect, StringComparison.Ordinal);
    }

    [Fact]
    public void Jetson_without_nvenc_is_reported_as_cpu_encoding_from_l4t()
    {
        MissingElement m = Assert.Single(ElementInventory.FindMissing(StaticElementRegistry.Jetson.Without("nvv4l2h264enc").With("x264enc")));
        Assert.Equal("nvv4l2h264enc", m.Factory);
        Assert.Contains("nvidia-l4t-gstreamer", m.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Desktop_does_not_expect_nvidia_elements_and_names_libav_for_a_missing_decoder()
    {
        MissingElement m = Assert.Single(ElementInventory.FindMissing(StaticElementRegistry.Desktop.Without("avdec_h264", "openh264dec")));
        Assert.Equal(("avdec_h264", "install the Debian package gstreamer1.0-libav"), (m.Factory, m.Hint));
    }

    [Fact]
    public async Task Startup_report_logs_version_choice_and_each_missing_element_with_its_package()
    {
        var log = new ListLogger();
        var report = new GstStartupReport(StaticElementRegistry.Desktop.Without("clockoverlay"), log,
            () => new GstFeatures(new GstVersion(1, 20, 3)));

        await report.StartAsync(CancellationToken.None);

        Assert.Equal(2, log.Entries.Count);
        Assert.Equal((LogLevel.Information, "GStreamer 1.20.3: file loop FlushingSeekWithOffset (pre-1.22 fallback)"), log.Entries[0]);
        Assert.Equal((LogLevel.Warning, "GStreamer element clockoverlay is missing: the test source has no wall-clock overlay; install the Debian package gstreamer1.0-x"),
            log.Entries[1]);
    }

    [Fact]
    public async Task Startup_report_says_so_when_everything_is_installed_and_warns_on_an_old_version()
    {
        var log = new ListLogger();
        await new GstStartupReport(StaticElementRegistry.Desktop, log, () => new GstFeatures(new GstVersion(1, 18, 5))).StartAsync(CancellationToken.None);
        Assert.Equal(LogLevel.Warning, log.Entries[0].Level);
        Assert.Contains("older than the supported minimum 1.20.0", log.Entries[0].Message, StringComparison.Ordinal);
        Assert.Equal((LogLevel.Information, "GStreamer: every expected element is installed"), log.Entries[1]);
    }

    private sealed class ListLogger : ILogger<GstStartupReport>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
