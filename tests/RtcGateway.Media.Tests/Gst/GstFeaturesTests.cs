using RtcGateway.Media.Gst;

namespace RtcGateway.Media.Tests.Gst;

/// <summary>The version decisions with injected versions (no GStreamer needed), and the real one on this machine.</summary>
public class GstFeaturesTests
{
    [Theory]
    [InlineData(1, 20, 0, FileLoopMode.FlushingSeekWithOffset)] // JetPack 6 / Ubuntu 22.04 ships 1.20.3
    [InlineData(1, 20, 3, FileLoopMode.FlushingSeekWithOffset)]
    [InlineData(1, 21, 90, FileLoopMode.FlushingSeekWithOffset)] // 1.22 pre-release
    [InlineData(1, 22, 0, FileLoopMode.SegmentSeek)]             // Debian 12
    [InlineData(1, 24, 2, FileLoopMode.SegmentSeek)]
    [InlineData(2, 0, 0, FileLoopMode.SegmentSeek)]
    public void File_loop_mode_follows_the_version(int major, int minor, int micro, FileLoopMode expected)
    {
        var features = new GstFeatures(new GstVersion(major, minor, micro));
        Assert.Equal(expected, features.FileLoop);
        Assert.Contains(expected.ToString(), features.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 18, 6, false)]
    [InlineData(1, 19, 99, false)]
    [InlineData(1, 20, 0, true)]
    [InlineData(1, 22, 0, true)]
    public void Support_starts_at_1_20(int major, int minor, int micro, bool supported)
    {
        var features = new GstFeatures(new GstVersion(major, minor, micro));
        Assert.Equal(supported, features.IsSupported);
        Assert.Equal(!supported, features.Describe().Contains("older than the supported minimum 1.20.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Versions_order_by_major_minor_micro()
    {
        Assert.True(new GstVersion(1, 20, 9) < new GstVersion(1, 22, 0));
        Assert.True(new GstVersion(1, 22, 1) > new GstVersion(1, 22, 0));
        Assert.True(new GstVersion(2, 0, 0) > new GstVersion(1, 99, 99));
        Assert.True(GstVersion.V1_22 >= new GstVersion(1, 22, 0));
        Assert.Equal("1.20.3", new GstVersion(1, 20, 3).ToString());
    }

    /// <summary>The tests of this project need GStreamer ≥ 1.22 on the build machine: the real segment-seek loop path
    /// (CameraClipTests.Short_file_loops_seamlessly_with_segment_seeks) runs only there; 1.20 is covered by the injected
    /// versions above and by FileLoopFallbackTests forcing the fallback.</summary>
    [Fact]
    public void This_machine_runs_1_22_or_later_so_the_segment_seek_loop_is_the_one_tested_for_real()
    {
        GstFeatures runtime = GstFeatures.Runtime;
        Assert.True(runtime.Version >= GstVersion.V1_22, $"the build machine needs GStreamer >= 1.22, found {runtime.Version}");
        Assert.Equal(FileLoopMode.SegmentSeek, runtime.FileLoop);
        Assert.Equal(GstRuntime.Version, runtime.Version.ToString());
    }
}
