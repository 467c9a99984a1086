using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.Pipelines;
using RtcGateway.Server.Configuration;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Hosting;
using RtcGateway.Server.Transport;
using RtcGateway.WebRtc.Dtls;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.Server.Tests.Sessions;

/// <summary>
/// The per-viewer bounded queue (DESIGN: a slow viewer never blocks the camera or other viewers) with a
/// <see cref="FakeCamera"/> driving a real <see cref="CameraFeed"/> and real <see cref="ViewerSession"/>s. A viewer whose
/// loop is blocked is one whose loop was never started.
/// </summary>
public sealed class ViewerQueueTests : IAsyncDisposable
{
    private const int QueueFrames = 3;
    private readonly FakeTimeProvider _time = new();
    private readonly FakeCamera _camera = new();
    private readonly CameraFeed _feed;
    private readonly SessionManager _manager;
    private readonly UdpTransport _transport;
    private readonly TimerWheel _wheel;
    private readonly DtlsCertificate _certificate;
    private readonly List<ViewerSession> _viewers = new();
    private readonly HashSet<ViewerSession> _started = new();

    public ViewerQueueTests()
    {
        IOptions<GatewayOptions> options = Options.Create(new GatewayOptions());
        var cameras = new CameraManager([], new StaticElementRegistry([]), _time);
        _transport = new UdpTransport(options, NullLogger<UdpTransport>.Instance);
        _manager = new SessionManager(cameras, _transport, new HostCandidateProvider(options, NullLogger<HostCandidateProvider>.Instance),
            options, _time, new RtcGateway.Server.Control.ControlService(options, [], _time,
                NullLogger<RtcGateway.Server.Control.ControlService>.Instance), NullLoggerFactory.Instance);
        _wheel = new TimerWheel(_time);
        _certificate = DtlsCertificate.Generate(_time.GetUtcNow());
        _feed = new CameraFeed(_camera);
    }

    [Fact]
    public async Task Blocked_viewer_drops_up_to_the_next_keyframe_and_requests_one_while_others_get_every_frame()
    {
        ViewerSession blocked = CreateViewer("blocked");
        ViewerSession healthy = CreateViewer("healthy");
        _feed.Attach(blocked);
        _feed.Attach(healthy);
        Start(healthy);
        blocked.SimulateConnectedForTesting();
        healthy.SimulateConnectedForTesting();
        Assert.Equal(2, _camera.KeyframeRequests); // one per viewer, when it connected (none at attach)
        Assert.Equal(1, _camera.SubscriberCount);

        // Frames arrive paced (the healthy viewer sends each before the next, as at 15 fps); nothing waits for the blocked one.
        // GOP 1: IDR + 9 P. The blocked viewer queues IDR + 2 P, drops the 4th frame and waits for a keyframe.
        await PushPacedAsync(healthy, keyframe: true);
        for (int i = 0; i < 9; i++)
        {
            await PushPacedAsync(healthy, keyframe: false);
        }

        Assert.Equal(QueueFrames, blocked.QueuedFrames);
        Assert.Equal(10 - QueueFrames, blocked.FramesDropped); // the overflowing frame and every P frame after it
        Assert.Equal(3, _camera.KeyframeRequests); // the drop asked for one (coalescing is the camera's job)

        // GOP 2: still blocked → the keyframe is dropped too and asks again; the P frames after it are not queued.
        await PushPacedAsync(healthy, keyframe: true);
        await PushPacedAsync(healthy, keyframe: false);
        Assert.Equal(QueueFrames, blocked.QueuedFrames);
        Assert.Equal(12 - QueueFrames, blocked.FramesDropped);
        Assert.Equal(4, _camera.KeyframeRequests);

        // The healthy viewer kept up with everything and never dropped or asked for a keyframe.
        Assert.True(await GatewayInstance.WaitUntilAsync(() => healthy.QueuedFrames == 0, TimeSpan.FromSeconds(5)));
        Assert.Equal(0, healthy.FramesDropped);
        Assert.Equal(12, _feed.AccessUnitsPacketised);

        // The blocked viewer recovers: its loop drains the queue and it resumes at the next keyframe, not before.
        Start(blocked);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => blocked.QueuedFrames == 0, TimeSpan.FromSeconds(5)));
        await PushPacedAsync(healthy, keyframe: false);
        Assert.Equal(0, blocked.QueuedFrames);
        Assert.Equal(13 - QueueFrames, blocked.FramesDropped);
        await PushPacedAsync(healthy, keyframe: true);
        Assert.Equal(0, healthy.FramesDropped);
        Assert.Equal(13 - QueueFrames, blocked.FramesDropped);
    }

    [Fact]
    public async Task Frames_are_not_queued_before_connected_and_then_only_from_a_keyframe()
    {
        ViewerSession viewer = CreateViewer("v");
        _feed.Attach(viewer);

        _camera.Push(keyframe: true);
        Assert.Equal(0, viewer.QueuedFrames);

        viewer.SimulateConnectedForTesting();
        _camera.Push(keyframe: false);
        Assert.Equal(0, viewer.QueuedFrames);
        _camera.Push(keyframe: true);
        _camera.Push(keyframe: false);
        Assert.Equal(2, viewer.QueuedFrames);
        Assert.Equal(0, viewer.FramesDropped);

        Start(viewer);
        viewer.RequestClose("test over");
        await viewer.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, viewer.QueuedFrames);
    }

    [Fact]
    public async Task Last_viewer_leaving_unsubscribes_from_the_camera()
    {
        ViewerSession a = CreateViewer("a");
        ViewerSession b = CreateViewer("b");
        _feed.Attach(a);
        _feed.Attach(b);
        Start(a);
        Start(b);
        Assert.Equal(1, _camera.SubscriberCount);

        a.RequestClose("bye");
        await a.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, _camera.SubscriberCount);
        Assert.Equal(1, _feed.ViewerCount);

        b.RequestClose("bye");
        await b.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, _camera.SubscriberCount);
        Assert.Equal(0, _feed.ViewerCount);
        Assert.Equal("bye", b.CloseReason);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ViewerSession v in _viewers)
        {
            if (v.Closed.IsCompleted)
            {
                continue;
            }

            if (!_started.Contains(v))
            {
                Start(v); // a never-started (blocked) viewer needs its loop to release its queued frames
            }

            await v.DisposeAsync();
        }

        _feed.Dispose();
        _wheel.Dispose();
        _transport.Dispose();
    }

    [Fact]
    public async Task Viewer_below_the_target_gets_what_fits_its_estimate_and_skips_to_the_next_keyframe()
    {
        ViewerSession slow = CreateViewer("slow");
        ViewerSession fast = CreateViewer("fast");
        _feed.Attach(slow);
        _feed.Attach(fast);
        Start(slow);
        Start(fast);
        slow.SimulateConnectedForTesting();
        fast.SimulateConnectedForTesting();
        int requests = _camera.KeyframeRequests;
        // FakeCamera frames: IDR ~3 kB (24 kbit), P ~0.5 kB (4 kbit). 30 kbit/s refills 2 kbit per 66 ms frame interval,
        // so after an IDR the bucket is in debt and the P frames of the GOP cannot fit: the slow viewer gets the IDRs only.
        slow.Bitrate.ReportEstimate(30_000);
        slow.Bitrate.BelowTarget = true;
        fast.Bitrate.ReportEstimate(5_000_000); // not below the target: never gated

        for (int gop = 0; gop < 3; gop++)
        {
            await PushPacedAsync(fast, keyframe: true);
            for (int i = 0; i < 9; i++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(66));
                await PushPacedAsync(fast, keyframe: false);
            }

            _time.Advance(TimeSpan.FromMilliseconds(66));
        }

        Assert.True(await GatewayInstance.WaitUntilAsync(() => slow.QueuedFrames == 0, TimeSpan.FromSeconds(5)));
        Assert.Equal(27, slow.FramesDropped); // every P frame; the three IDRs were queued (the loop took them)
        Assert.Equal(ViewerSession.BelowTargetReason, slow.FramesDroppedReason);
        Assert.Equal(0, fast.FramesDropped);
        Assert.Null(fast.FramesDroppedReason);
        Assert.Equal(requests, _camera.KeyframeRequests); // the estimate path asks for no extra IDR

        // The estimate recovers (no longer below the target): every frame from the next keyframe on.
        slow.Bitrate.BelowTarget = false;
        await PushPacedAsync(fast, keyframe: true);
        await PushPacedAsync(fast, keyframe: false);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => slow.QueuedFrames == 0, TimeSpan.FromSeconds(5)));
        Assert.Equal(27, slow.FramesDropped);
    }

    /// <summary>Pushes one access unit and waits until <paramref name="healthy"/> sent it (camera pacing).</summary>
    private async Task PushPacedAsync(ViewerSession healthy, bool keyframe)
    {
        _camera.Push(keyframe);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => healthy.QueuedFrames == 0, TimeSpan.FromSeconds(5)));
    }

    private void Start(ViewerSession viewer)
    {
        _started.Add(viewer);
        viewer.Start();
    }

    private ViewerSession CreateViewer(string id)
    {
        Assert.True(SdpSession.TryParse(OfferFixtures.Chromium, out SdpSession? offer, out _));
        Assert.True(H264ProfileLevelId.TryCreate(0x42, 0xc0, 0x1e, out H264ProfileLevelId? profile));
        var parameters = new AnswerParameters
        {
            IceUfrag = "viewer" + id,
            IcePwd = "0123456789abcdefghijklmn",
            Fingerprint = _certificate.FingerprintSha256,
            Candidates = [new SdpHostCandidate(new IPEndPoint(IPAddress.Loopback, 9), "1", SdpHostCandidate.ComputeHostPriority(65535))],
            VideoSsrc = 1234,
            Cname = "test",
            MsidStreamId = "s",
            MsidTrackId = "t",
            SourceProfile = profile!,
            SessionId = 1,
        };
        Assert.True(SdpNegotiator.TryNegotiate(offer!, parameters, out NegotiatedSession? negotiated, out SdpError error), error.Message);
        var peer = new WebRtcPeer(negotiated!, new WebRtcPeerOptions
        {
            LocalUfrag = parameters.IceUfrag,
            LocalPwd = parameters.IcePwd,
            Certificate = _certificate,
            VideoSsrc = 1234,
            Cname = "test",
        }, new NullTransmitter(), new PeerTime(_wheel.NowMs, 0));
        var viewer = new ViewerSession(id, _camera.Id, parameters.IceUfrag, null, peer, _feed, _manager, _wheel, _time, QueueFrames,
            NullLogger.Instance);
        _viewers.Add(viewer);
        return viewer;
    }

    private sealed class NullTransmitter : IPeerTransmitter
    {
        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
        }
    }
}
