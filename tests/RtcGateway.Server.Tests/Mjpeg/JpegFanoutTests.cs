using System.Text;
using Microsoft.Extensions.Time.Testing;
using RtcGateway.Media;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Mjpeg;

namespace RtcGateway.Server.Tests.Mjpeg;

public class JpegFanoutTests
{
    private sealed class FakeCamera : ICamera
    {
        public Action<JpegFrame>? Subscriber;
        public int Subscribes;

        public string Id => "fake";
        public CameraOptions Options { get; } = new() { Id = "fake", Framerate = 15, JpegWidth = 640, JpegHeight = 360 };
        public CameraStatus Status => new(CameraState.Streaming, null, null, 0, 0, 0, 0, 0, 0);
        public event Action<ICamera>? StatusChanged { add { } remove { } }
        public IDisposable SubscribeAccessUnits(Action<AccessUnit> onAccessUnit) => throw new NotSupportedException();
        public void RequestKeyframe() { }
        public int TargetBitrateKbps => Options.BitrateKbps;
        public int SetTargetBitrate(int kbps) => throw new NotSupportedException();

        public IDisposable SubscribeJpeg(Action<JpegFrame> onFrame)
        {
            Assert.Null(Subscriber);
            Subscriber = onFrame;
            Subscribes++;
            return new Unsub(this);
        }

        public void Emit(long seq) => Subscriber?.Invoke(new JpegFrame { Data = new byte[] { 0xFF, 0xD8, (byte)seq }, Width = 640, Height = 360, CaptureTimeUs = seq * 1000, Sequence = seq });

        private sealed class Unsub(FakeCamera c) : IDisposable
        {
            public void Dispose() => c.Subscriber = null;
        }
    }

    [Fact]
    public void Subscribes_with_the_first_client_or_holder_and_unsubscribes_after_the_last()
    {
        var camera = new FakeCamera();
        var fanout = new JpegFanout(camera);
        Assert.False(fanout.IsSubscribed);
        IDisposable a = fanout.AddClient();
        IDisposable hold = fanout.Hold();
        IDisposable b = fanout.AddClient();
        Assert.Equal(1, camera.Subscribes);
        Assert.Equal(2, fanout.ClientCount);
        a.Dispose();
        a.Dispose(); // idempotent
        Assert.Equal(1, fanout.ClientCount);
        b.Dispose();
        Assert.Equal(0, fanout.ClientCount);
        Assert.True(fanout.IsSubscribed); // the snapshot holder still needs frames
        hold.Dispose();
        Assert.False(fanout.IsSubscribed);
        Assert.Null(camera.Subscriber);
    }

    [Fact]
    public async Task Latest_wins_a_slow_waiter_gets_the_newest_frame_and_nothing_is_queued()
    {
        var camera = new FakeCamera();
        var fanout = new JpegFanout(camera);
        using IDisposable client = fanout.AddClient();
        for (int i = 1; i <= 50; i++)
        {
            camera.Emit(i);
        }

        JpegFanoutFrame? f = await fanout.WaitForFrameAsync(0, TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
        Assert.Equal(50, f!.Version);
        Assert.Equal(50, f.Frame.Sequence);
        Assert.Equal(50, fanout.FramesReceived);
        // Nothing newer yet: the wait completes when the next frame is published.
        Task<JpegFanoutFrame?> next = fanout.WaitForFrameAsync(50, TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
        Assert.False(next.IsCompleted);
        camera.Emit(51);
        Assert.Equal(51, (await next)!.Version);
    }

    [Fact]
    public void Parts_sent_and_frames_skipped_between_a_clients_parts_are_counted()
    {
        var fanout = new JpegFanout(new FakeCamera());
        fanout.RecordPartSent(0, 5); // a client's first part skips nothing
        fanout.RecordPartSent(5, 6);
        fanout.RecordPartSent(6, 9); // frames 7 and 8 were published while it was busy
        fanout.RecordPartSent(0, 9); // a second client's first part
        Assert.Equal(4, fanout.PartsSent);
        Assert.Equal(2, fanout.FramesSkipped);
    }

    [Fact]
    public async Task Wait_times_out_with_null_and_honours_cancellation()
    {
        var time = new FakeTimeProvider();
        var fanout = new JpegFanout(new FakeCamera());
        using IDisposable client = fanout.AddClient();
        Task<JpegFanoutFrame?> wait = fanout.WaitForFrameAsync(0, TimeSpan.FromSeconds(5), time, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await wait);

        using var cts = new CancellationTokenSource();
        Task<JpegFanoutFrame?> cancelled = fanout.WaitForFrameAsync(0, TimeSpan.FromSeconds(5), time, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public void Part_header_has_the_multipart_layout()
    {
        Assert.Equal("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 1234\r\nX-Timestamp: 1700000000123.456\r\nX-Sequence: 42\r\n\r\n",
            MjpegPart.HeaderText(1234, 1_700_000_000_123_456, 42));
        Assert.Equal("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 0\r\nX-Timestamp: 0.007\r\nX-Sequence: 0\r\n\r\n",
            MjpegPart.HeaderText(0, 7, 0));
        string max = MjpegPart.HeaderText(int.MaxValue, long.MaxValue, long.MaxValue);
        Assert.True(Encoding.ASCII.GetByteCount(max) <= MjpegPart.MaxHeaderSize);
    }

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData("15", "640", "360", true)]
    [InlineData("0.5", "", "", true)]
    [InlineData("15.01", null, null, false)]
    [InlineData("1e400", null, null, false)]
    [InlineData("-0", null, null, false)]
    [InlineData("Infinity", null, null, false)]
    [InlineData(null, "640", "361", false)]
    [InlineData(null, "+640", null, false)]
    [InlineData(null, " 640", null, false)]
    [InlineData(null, "99999999999999", null, false)]
    public void Query_validation(string? fps, string? width, string? height, bool ok)
    {
        var camera = new FakeCamera().Options;
        Assert.Equal(ok, MjpegQuery.TryParse(fps, width, height, camera, out MjpegQuery? q, out string? error));
        Assert.Equal(ok, q is not null);
        Assert.Equal(ok, error is null);
    }

    [Fact]
    public void Query_parser_never_throws_on_random_input()
    {
        var random = new Random(1234);
        const string alphabet = "0123456789.-+eE xX,NaInfity\u00a0\u0660٫";
        var camera = new FakeCamera().Options;
        int cases = 0, accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            string? Gen() => random.Next(5) == 0 ? null : new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            string? fps = Gen(), w = Gen(), h = Gen();
            bool ok = MjpegQuery.TryParse(fps, w, h, camera, out MjpegQuery? q, out string? error);
            cases++;
            if (ok)
            {
                accepted++;
                Assert.True(q!.MaxFps is null || (q.MaxFps > 0 && q.MaxFps <= camera.Framerate));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }

        Assert.Equal(20_000, cases);
        Assert.InRange(accepted, 1, cases - 1);
    }
}
