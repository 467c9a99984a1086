using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.Pipelines;
using RtcGateway.Server.Configuration;
using RtcGateway.Server.Metrics;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Hosting;
using RtcGateway.Server.Tests.Sessions;
using RtcGateway.Server.Transport;
using RtcGateway.WebRtc.Dtls;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.Server.Tests.Metrics;

/// <summary>
/// Camera totals across a session's end: the session leaves the manager's list before <see cref="SessionManager.SessionClosed"/>
/// fires, and the totals must not dip in between nor go backwards after. Real <see cref="ViewerSession"/>s on a
/// <see cref="FakeCamera"/>; the counter that moves without a browser is the queue-drop count of a blocked viewer.
/// </summary>
public sealed class SessionLedgerTests : IAsyncDisposable
{
    private const int QueueFrames = 3;
    private readonly FakeTimeProvider _time = new();
    private readonly FakeCamera _camera = new();
    private readonly CameraFeed _feed;
    private readonly SessionManager _manager;
    private readonly UdpTransport _transport;
    private readonly TimerWheel _wheel;
    private readonly DtlsCertificate _certificate;
    private readonly List<ViewerSession> _live = new();
    private readonly SessionLedger _ledger;

    public SessionLedgerTests()
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
        _ledger = new SessionLedger(_manager, () => _live.ToArray());
    }

    [Fact]
    public async Task Camera_totals_keep_an_ended_sessions_counts_through_and_after_its_end()
    {
        ViewerSession viewer = CreateViewer("v1");
        _feed.Attach(viewer);
        viewer.SimulateConnectedForTesting();
        _camera.Push(keyframe: true);
        for (int i = 0; i < 5; i++)
        {
            _camera.Push(keyframe: false); // the loop never runs: 3 queued, 3 dropped
        }

        Assert.Equal(3, viewer.FramesDropped);
        _live.Add(viewer);
        SessionLedgerSnapshot live = _ledger.Snapshot();
        Assert.Equal(3, Assert.Single(live.Live).Counters.FramesDropped);
        Assert.Equal(3, live.CameraTotals[_camera.Id].FramesDropped);

        // The manager drops the session from its list first and raises SessionClosed after: in between it still counts.
        _live.Remove(viewer);
        SessionLedgerSnapshot between = _ledger.Snapshot();
        Assert.Equal(3, between.CameraTotals[_camera.Id].FramesDropped);
        Assert.Single(between.Live);

        viewer.Start();
        viewer.RequestClose("bye");
        await viewer.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        SessionLedgerSnapshot ended = _ledger.Snapshot();
        Assert.Empty(ended.Live); // its per-session series are no longer observed
        Assert.Equal(3, ended.CameraTotals[_camera.Id].FramesDropped); // folded into the camera's accumulator
        Assert.Equal(1, _ledger.EndedSessions);

        // A second session adds to the accumulator; the first one's fold is not repeated.
        ViewerSession second = CreateViewer("v2");
        _feed.Attach(second);
        second.SimulateConnectedForTesting();
        _live.Add(second);
        _camera.Push(keyframe: true);
        for (int i = 0; i < 4; i++)
        {
            _camera.Push(keyframe: false);
        }

        Assert.Equal(3 + 2, _ledger.Snapshot().CameraTotals[_camera.Id].FramesDropped);
        _live.Remove(second);
        second.Start();
        second.RequestClose("bye");
        await second.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3 + 2, _ledger.Snapshot().CameraTotals[_camera.Id].FramesDropped);
        Assert.Equal(2, _ledger.EndedSessions);
    }

    public async ValueTask DisposeAsync()
    {
        _ledger.Dispose();
        _feed.Dispose();
        _wheel.Dispose();
        _transport.Dispose();
        await Task.CompletedTask;
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
        return new ViewerSession(id, _camera.Id, parameters.IceUfrag, null, peer, _feed, _manager, _wheel, _time, QueueFrames,
            NullLogger.Instance);
    }

    private sealed class NullTransmitter : IPeerTransmitter
    {
        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
        }
    }
}
