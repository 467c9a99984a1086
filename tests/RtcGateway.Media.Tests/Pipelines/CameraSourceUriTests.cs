using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

public sealed class CameraSourceUriTests
{
    [Theory]
    [InlineData("test", CameraSourceKind.Test, "test")]
    [InlineData("  TEST ", CameraSourceKind.Test, "test")]
    [InlineData("file:/media/car.mp4", CameraSourceKind.File, "file:/media/car.mp4")]
    [InlineData("file:relative/clip with space.mp4", CameraSourceKind.File, "file:relative/clip with space.mp4")]
    [InlineData("file:///media/my%20clip.mp4", CameraSourceKind.File, "file:/media/my clip.mp4")]
    [InlineData("file://localhost/media/a.mp4", CameraSourceKind.File, "file:/media/a.mp4")]
    [InlineData("v4l2:/dev/video0", CameraSourceKind.V4l2, "v4l2:/dev/video0")]
    [InlineData("V4L2:2", CameraSourceKind.V4l2, "v4l2:/dev/video2")]
    [InlineData("v4l2:/dev/v4l/by-id/usb-cam-video-index0", CameraSourceKind.V4l2, "v4l2:/dev/v4l/by-id/usb-cam-video-index0")]
    [InlineData("csi:0", CameraSourceKind.Csi, "csi:0")]
    [InlineData("csi:255", CameraSourceKind.Csi, "csi:255")]
    [InlineData("rtsp://cam.local:8554/stream", CameraSourceKind.Rtsp, "rtsp://cam.local:8554/stream")]
    [InlineData("rtsps://u:p@10.0.0.1/h264?x=1", CameraSourceKind.Rtsp, "rtsps://u:p@10.0.0.1/h264?x=1")]
    public void Valid(string text, CameraSourceKind kind, string canonical)
    {
        Assert.True(CameraSourceUri.TryParse(text, out CameraSourceUri? uri, out string error), error);
        Assert.Equal("", error);
        Assert.Equal(kind, uri!.Kind);
        Assert.Equal(canonical, uri.ToString());
        Assert.True(CameraSourceUri.TryParse(uri.ToString(), out CameraSourceUri? again, out _));
        Assert.Equal(uri, again);
    }

    [Fact]
    public void Properties_HoldTheParsedParts()
    {
        CameraSourceUri.TryParse("csi:3", out var csi, out _);
        CameraSourceUri.TryParse("file:/a.mp4", out var file, out _);
        CameraSourceUri.TryParse("v4l2:/dev/video1", out var v4l2, out _);
        CameraSourceUri.TryParse("rtsp://h/p", out var rtsp, out _);
        Assert.Equal((3, null, null, null), (csi!.SensorId, csi.Path, csi.Device, csi.Uri));
        Assert.Equal(("/a.mp4", -1), (file!.Path, file.SensorId));
        Assert.Equal("/dev/video1", v4l2!.Device);
        Assert.Equal("rtsp://h/p", rtsp!.Uri);
    }

    [Theory]
    [InlineData(null, "source is empty")]
    [InlineData("   ", "source is empty")]
    [InlineData("http://cam/stream", "unknown scheme 'http'")]
    [InlineData("usb:0", "unknown scheme 'usb'")]
    [InlineData("camera", "unknown source 'camera'")]
    [InlineData("test:ball", "'test' takes no argument")]
    [InlineData("file:", "empty path")]
    [InlineData("file:   ", "empty path")]
    [InlineData("file://host/x.mp4", "local absolute path")]
    [InlineData("file:///bad%zzescape", "")] // Uri.UnescapeDataString leaves invalid escapes: accepted as a literal path
    [InlineData("v4l2:", "empty device")]
    [InlineData("v4l2:video0", "bad device 'video0'")]
    [InlineData("v4l2:/dev/", "bad device")]
    [InlineData("v4l2:1234", "bad device number")]
    [InlineData("csi:", "bad sensor id ''")]
    [InlineData("csi:-1", "bad sensor id '-1'")]
    [InlineData("csi:256", "bad sensor id '256'")]
    [InlineData("csi:a", "bad sensor id 'a'")]
    [InlineData("csi:٣", "bad sensor id")] // non-ASCII digit
    [InlineData("rtsp:cam", "malformed RTSP URI")]
    [InlineData("rtsp://", "malformed RTSP URI")]
    [InlineData("rtsp://cam/with space", "malformed RTSP URI")]
    public void Invalid_NamesTheProblem(string? text, string expected)
    {
        bool ok = CameraSourceUri.TryParse(text, out CameraSourceUri? uri, out string error);
        if (expected.Length == 0)
        {
            Assert.True(ok, error);
            return;
        }

        Assert.False(ok);
        Assert.Null(uri);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomText_NeverThrows()
    {
        var rng = new Random(42);
        string[] prefixes = ["", "test", "file:", "file://", "v4l2:", "csi:", "rtsp://", "rtsps://"];
        const string Alphabet = "abc019:/%@.?#\\\" \t\0-_٣";
        int cases = 0;
        for (int i = 0; i < 20_000; i++)
        {
            int len = rng.Next(0, 20);
            var chars = new char[len];
            for (int j = 0; j < len; j++) chars[j] = Alphabet[rng.Next(Alphabet.Length)];
            string text = prefixes[rng.Next(prefixes.Length)] + new string(chars);
            if (CameraSourceUri.TryParse(text, out CameraSourceUri? uri, out string error))
            {
                Assert.NotNull(uri);
                Assert.Equal("", error);
            }
            else
            {
                Assert.NotEqual("", error);
            }

            cases++;
        }

        Assert.Equal(20_000, cases);
    }
}
