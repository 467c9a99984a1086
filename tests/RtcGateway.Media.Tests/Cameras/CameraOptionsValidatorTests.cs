using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Tests.Cameras;

public sealed class CameraOptionsValidatorTests
{
    private static readonly Func<string, bool> NoFiles = _ => false;

    [Fact]
    public void Defaults_AreValid_AndIdAndNameAreFilled()
    {
        var cams = new List<CameraOptions> { new(), new() { Id = "front", Name = "Front" }, new() };
        Assert.Empty(CameraOptionsValidator.Validate(cams, NoFiles));
        Assert.Equal(new[] { "cam0", "front", "cam2" }, cams.Select(c => c.Id));
        Assert.Equal(new[] { "cam0", "Front", "cam2" }, cams.Select(c => c.Name));
    }

    [Fact]
    public void OutOfRangeValues_NameTheKeyRangeAndValue()
    {
        var cams = new List<CameraOptions>
        {
            new(),
            new() { Width = 0, Height = 721, Framerate = 0, BitrateKbps = 10, KeyframeIntervalMs = 50, JpegQuality = 101, StallTimeoutMs = 0, LingerMs = -1, JpegWidth = 5000 },
        };
        IReadOnlyList<string> m = CameraOptionsValidator.Validate(cams, NoFiles);
        Assert.Equal(new[]
        {
            "Gateway:Cameras:1:Width must be 16..4096 (was 0)",
            "Gateway:Cameras:1:Height must be even (was 721)",
            "Gateway:Cameras:1:BitrateKbps must be 50..100000 (was 10)",
            "Gateway:Cameras:1:KeyframeIntervalMs must be 100..60000 (was 50)",
            "Gateway:Cameras:1:JpegWidth must be 16..4096 (was 5000)",
            "Gateway:Cameras:1:JpegQuality must be 1..100 (was 101)",
            "Gateway:Cameras:1:LingerMs must be 0..3600000 (was -1)",
            "Gateway:Cameras:1:StallTimeoutMs must be 500..600000 (was 0)",
            "Gateway:Cameras:1:Framerate 0 (the source's own rate) is only possible for file:, v4l2: and rtsp:// sources; test needs 1..120",
        }, m);
    }

    [Fact]
    public void Sources_AreParsedAndFilesChecked()
    {
        var cams = new List<CameraOptions>
        {
            new() { Source = "file:/x.mp4" },
            new() { Source = "file:/present.mp4" },
            new() { Source = "ftp://x" },
            new() { Source = "csi:x" },
        };
        var checkedPaths = new List<string>();
        IReadOnlyList<string> m = CameraOptionsValidator.Validate(cams, p => { checkedPaths.Add(p); return p == "/present.mp4"; });
        Assert.Equal(new[] { "/x.mp4", "/present.mp4" }, checkedPaths);
        Assert.Equal(3, m.Count);
        Assert.Equal("Gateway:Cameras:0:Source: file '/x.mp4' does not exist", m[0]);
        Assert.StartsWith("Gateway:Cameras:2:Source: unknown scheme 'ftp'", m[1]);
        Assert.StartsWith("Gateway:Cameras:3:Source: bad sensor id 'x'", m[2]);
    }

    [Fact]
    public void DuplicateIds_IncludingDefaulted_AreReportedCaseInsensitively()
    {
        var cams = new List<CameraOptions> { new() { Id = "cam1" }, new(), new() { Id = "CAM1" } };
        IReadOnlyList<string> m = CameraOptionsValidator.Validate(cams, NoFiles);
        Assert.Equal(new[]
        {
            "Gateway:Cameras:1:Id 'cam1' is a duplicate of Gateway:Cameras:0:Id",
            "Gateway:Cameras:2:Id 'CAM1' is a duplicate of Gateway:Cameras:0:Id",
        }, m);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public void UrlUnsafeIds_AreRejected(string id)
    {
        IReadOnlyList<string> m = CameraOptionsValidator.Validate([new CameraOptions { Id = id }], NoFiles);
        Assert.Single(m);
        Assert.StartsWith($"Gateway:Cameras:0:Id '{id}' must be", m[0]);
    }

    [Theory]
    [InlineData("file:/clip.mp4", 0, null)]
    [InlineData("v4l2:0", 0, null)]
    [InlineData("rtsp://cam.local/live", 0, null)]
    [InlineData("file:/clip.mp4", 25, null)]
    [InlineData("csi:0", 0, "Gateway:Cameras:0:Framerate 0 (the source's own rate) is only possible for file:, v4l2: and rtsp:// sources; csi:0 needs 1..120")]
    [InlineData("test", 0, "Gateway:Cameras:0:Framerate 0 (the source's own rate) is only possible for file:, v4l2: and rtsp:// sources; test needs 1..120")]
    [InlineData("file:/clip.mp4", -1, "Gateway:Cameras:0:Framerate must be 0..120 (was -1)")]
    [InlineData("v4l2:0", 121, "Gateway:Cameras:0:Framerate must be 0..120 (was 121)")]
    public void FramerateZero_MeansTheSourcesOwnRate_OnlyForFileV4l2AndRtsp(string source, int fps, string? message)
    {
        IReadOnlyList<string> m = CameraOptionsValidator.Validate([new CameraOptions { Source = source, Framerate = fps }], _ => true);
        Assert.Equal(message is null ? [] : new[] { message }, m);
    }

    [Fact]
    public void NullEntry_IsReported() =>
        Assert.Equal(new[] { "Gateway:Cameras:0 is null" }, CameraOptionsValidator.Validate([null!], NoFiles));
}
