using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.H264;
using RtcGateway.Server.Configuration;
using RtcGateway.Server.Control;
using RtcGateway.Server.Transport;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Dtls;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.Server.Sessions;

/// <summary>
/// Creates, routes and ends WebRTC viewer sessions. Receives every datagram of the shared UDP port and demultiplexes it
/// (RFC 7983 by first byte; STUN by the USERNAME's local ufrag, everything else by the remote address that passed an ICE
/// check). Garbage and datagrams for no session are counted and dropped; they never reach another session.
/// </summary>
public sealed partial class SessionManager : IDatagramReceiver, IHostedService, IAsyncDisposable
{
    /// <summary>The <c>a=max-message-size</c> we announce and accept on data channels (RFC 8841 §6), bytes.</summary>
    public const int MaxDataChannelMessageSize = 262_144;

    private const string IceChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
    private readonly CameraManager _cameras;
    private readonly UdpTransport _transport;
    private readonly HostCandidateProvider _candidates;
    private readonly WebRtcOptions _options;
    private readonly TimeProvider _time;
    private readonly ControlService _control;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<SessionManager> _logger;
    private readonly ConcurrentDictionary<string, ViewerSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CameraFeed> _feeds = new(StringComparer.OrdinalIgnoreCase);
    private readonly PeerRouter<ViewerSession> _router;
    private readonly ConcurrentDictionary<SocketAddress, IPEndPoint> _endpoints = new();
    private readonly object _routerGate = new();
    private TimerWheel? _wheel;
    private DtlsCertificate? _certificate;
    // Handshakes run on a bounded set of reused threads instead of one new thread each (DESIGN.md memory debt).
    private readonly DtlsEngineThreads _dtlsEngineThreads = new();
    private long _unroutedDatagrams;

    /// <summary>Creates the manager (DI).</summary>
    public SessionManager(CameraManager cameras, UdpTransport transport, HostCandidateProvider candidates,
        IOptions<GatewayOptions> options, TimeProvider time, ControlService control, ILoggerFactory loggerFactory)
    {
        _control = control;
        _cameras = cameras;
        _transport = transport;
        _candidates = candidates;
        _options = options.Value.WebRtc;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SessionManager>();
        _router = new PeerRouter<ViewerSession>(maxPeers: Math.Max(16, _options.MaxSessions * 2));
        transport.SetReceiver(this);
    }

    /// <summary>Raised (on a session's thread) after a session ended, with its reason.</summary>
    public event Action<ViewerSession, string>? SessionClosed;

    /// <summary>Live sessions.</summary>
    public IReadOnlyCollection<ViewerSession> Sessions => (IReadOnlyCollection<ViewerSession>)_sessions.Values;

    /// <summary>Datagrams that matched no session (garbage, stale or foreign traffic), counted and dropped.</summary>
    public long UnroutedDatagrams => Interlocked.Read(ref _unroutedDatagrams);

    /// <summary>The process's DTLS certificate (generated at start).</summary>
    public DtlsCertificate Certificate => _certificate ?? throw new InvalidOperationException("not started");

    /// <summary>Number of WebRTC viewers of a camera.</summary>
    public int ViewerCount(string cameraId) => _feeds.TryGetValue(cameraId, out CameraFeed? feed) ? feed.ViewerCount : 0;

    /// <summary>Generates the DTLS certificate, warms up the DTLS/crypto code (the first handshake is otherwise ~100 ms
    /// slower, enough for Chrome to retransmit its ClientHello) and starts the timer wheel.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _certificate = DtlsCertificate.Generate(_time.GetUtcNow());
        _wheel = new TimerWheel(_time);
        TimeSpan warmup = DtlsWarmup.Run(_certificate, _time);
        LogStarted(_logger, _certificate.FingerprintHex, (long)warmup.TotalMilliseconds);
        return Task.CompletedTask;
    }

    /// <summary>Closes every session.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_sessions.Values.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        foreach (CameraFeed feed in _feeds.Values)
        {
            feed.Dispose();
        }

        _wheel?.Dispose();
        _dtlsEngineThreads.Dispose();
    }

    /// <summary>
    /// Answers an offer for a camera and starts the session. The camera is started if idle and its SPS awaited so the
    /// answer announces the real <c>profile-level-id</c>.
    /// </summary>
    /// <param name="cameraId">Camera id (case-insensitive).</param>
    /// <param name="offerSdp">The viewer's offer (RFC 8829 JSEP).</param>
    /// <param name="ownerConnectionId">SignalR connection that owns the session (null for WHEP).</param>
    /// <param name="cancellationToken">Aborts the wait for the camera.</param>
    /// <returns>The session and its answer, or an error with an HTTP status and a reason.</returns>
    public async Task<(ViewerSession? Session, string? AnswerSdp, SessionError? Error)> CreateSessionAsync(
        string cameraId, string? offerSdp, string? ownerConnectionId, CancellationToken cancellationToken)
    {
        if (!_cameras.TryGet(cameraId, out ICamera? camera) || camera is null)
        {
            return (null, null, new SessionError(404, $"unknown camera '{cameraId}'"));
        }

        if (camera.Status.State == CameraState.Failed)
        {
            return (null, null, new SessionError(503, $"camera {camera.Id} failed: {camera.Status.LastError}"));
        }

        if (_sessions.Count >= _options.MaxSessions)
        {
            return (null, null, new SessionError(503, $"session limit reached ({_options.MaxSessions}, Gateway:WebRtc:MaxSessions)"));
        }

        if (!SdpSession.TryParse(offerSdp, out SdpSession? offer, out SdpError parseError) || offer is null)
        {
            return (null, null, new SessionError(parseError.Kind.ToHttpStatusCode(), "malformed SDP offer: " + parseError.Message));
        }

        string ufrag = RandomIceString(8);
        string pwd = RandomIceString(24);
        uint ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        // RFC 4588 §5: the RTX stream (answered only when the offer has rtx for the chosen H.264 payload type) has its own SSRC.
        uint rtxSsrc = ssrc ^ (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        string sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        // Reject what no camera profile could fix (codecs, fingerprint, ICE credentials, BUNDLE…) before starting an idle
        // camera: negotiate once against a constrained-baseline placeholder; only a profile mismatch waits for the real SPS.
        if (H264ProfileLevelId.TryParse("42e01f", out H264ProfileLevelId? placeholder) && placeholder is not null
            && !SdpNegotiator.TryNegotiate(offer, AnswerParametersFor(placeholder, ufrag, pwd, ssrc, rtxSsrc, sessionId, camera.Id), out _, out SdpError early)
            && early.Kind != SdpErrorKind.NoCompatibleH264Profile)
        {
            return (null, null, new SessionError(early.Kind.ToHttpStatusCode(), early.Message));
        }

        CameraFeed feed = _feeds.GetOrAdd(camera.Id, _ => new CameraFeed(camera));
        using IDisposable hold = feed.Hold();
        H264SpsInfo sps;
        try
        {
            sps = await feed.WaitForSpsAsync(TimeSpan.FromMilliseconds(_options.CameraStartTimeoutMs), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            string last = camera.Status.LastError is { } e ? ": " + e : "";
            return (null, null, new SessionError(503,
                $"camera {camera.Id} produced no video within {_options.CameraStartTimeoutMs} ms (state {camera.Status.State}{last})"));
        }

        if (!H264ProfileLevelId.TryCreate(sps.ProfileIdc, sps.ConstraintFlags, sps.LevelIdc, out H264ProfileLevelId? profile)
            || profile is null)
        {
            return (null, null, new SessionError(503, $"camera {camera.Id}: unsupported H.264 profile {sps.ProfileLevelId}"));
        }

        AnswerParameters parameters = AnswerParametersFor(profile, ufrag, pwd, ssrc, rtxSsrc, sessionId, camera.Id);
        if (!SdpNegotiator.TryNegotiate(offer, parameters, out NegotiatedSession? negotiated, out SdpError error) || negotiated is null)
        {
            return (null, null, new SessionError(error.Kind.ToHttpStatusCode(), error.Message));
        }

        if (!string.Equals(negotiated.RemoteFingerprint.Algorithm, DtlsFingerprint.Sha256HashFunction, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, new SessionError(400,
                $"the offer's a=fingerprint uses {negotiated.RemoteFingerprint.Algorithm}; this gateway verifies sha-256 only"));
        }

        var peerOptions = new WebRtcPeerOptions
        {
            LocalUfrag = ufrag,
            LocalPwd = pwd,
            Certificate = Certificate,
            VideoSsrc = ssrc,
            Cname = parameters.Cname,
            ConsentTimeoutMs = _options.ConsentTimeoutMs,
            ConnectTimeoutMs = _options.ConnectTimeoutMs,
            DtlsHandshakeTimeout = TimeSpan.FromMilliseconds(_options.DtlsHandshakeTimeoutMs),
            DtlsEngineThreads = _dtlsEngineThreads,
            RtpTimestampOffset = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue),
            InitialSequenceNumber = (ushort)RandomNumberGenerator.GetInt32(0, 0x8000),
            InitialRtxSequenceNumber = (ushort)RandomNumberGenerator.GetInt32(0, 0x8000),
            MaxMessageSize = MaxDataChannelMessageSize,
        };
        var transmitter = new SocketTransmitter(_transport, this);
        var peer = new WebRtcPeer(negotiated, peerOptions, transmitter, new PeerTime(_wheel!.NowMs, 0), _loggerFactory);
        var session = new ViewerSession(sessionId, camera.Id, ufrag, ownerConnectionId, peer, feed, this, _wheel, _time,
            _options.SendQueueFrames, _loggerFactory.CreateLogger<ViewerSession>(), _control);
        transmitter.Session = session;
        lock (_routerGate)
        {
            _router.TryRegister(ufrag, session);
        }

        _sessions[sessionId] = session;
        feed.Attach(session);
        session.Start();
        LogCreated(_logger, sessionId, camera.Id, ownerConnectionId ?? "WHEP", profile.ToString());
        return (session, negotiated.AnswerSdp, null);
    }

    /// <summary>Finds a live session.</summary>
    public bool TryGetSession(string sessionId, out ViewerSession? session) => _sessions.TryGetValue(sessionId, out session);

    /// <summary>Ends every session owned by a SignalR connection (the tab closed or the connection dropped).</summary>
    public void CloseOwnedBy(string connectionId, string reason)
    {
        foreach (ViewerSession s in _sessions.Values)
        {
            if (s.OwnerConnectionId == connectionId)
            {
                s.RequestClose(reason);
            }
        }
    }

    /// <inheritdoc />
    public bool OnDatagram(byte[] buffer, int length, SocketAddress remote)
    {
        IPEndPoint endPoint = _endpoints.TryGetValue(remote, out IPEndPoint? known) ? known : Remember(remote);
        ViewerSession? session;
        lock (_routerGate)
        {
            _router.Route(buffer.AsSpan(0, length), endPoint, out session);
        }

        if (session is null)
        {
            Interlocked.Increment(ref _unroutedDatagrams);
            return false;
        }

        session.EnqueueDatagram(buffer, length, endPoint);
        return true;
    }

    /// <summary>Routes the address's non-STUN traffic to <paramref name="session"/> (after a valid ICE check).</summary>
    internal void Associate(IPEndPoint remote, ViewerSession session)
    {
        lock (_routerGate)
        {
            _router.Associate(remote, session);
        }
    }

    /// <summary>Called by a session when it ended.</summary>
    internal void OnSessionClosed(ViewerSession session, string reason)
    {
        _sessions.TryRemove(session.Id, out _);
        lock (_routerGate)
        {
            _router.Remove(session);
        }

        LogClosed(_logger, session.Id, session.CameraId, reason);
        try
        {
            SessionClosed?.Invoke(session, reason);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(_logger, ex);
        }
    }

    private IPEndPoint Remember(SocketAddress remote)
    {
        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(remote);
        if (_endpoints.Count > 4096)
        {
            _endpoints.Clear(); // bounded: spoofed sources must not grow memory
        }

        var key = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.CopyTo(key.Buffer);
        _endpoints[key] = endPoint;
        return endPoint;
    }

    private AnswerParameters AnswerParametersFor(H264ProfileLevelId profile, string ufrag, string pwd, uint ssrc, uint rtxSsrc,
        string sessionId, string cameraId)
    {
        // AdvertisedPort: the port a NAT/port-forward exposes; otherwise the bound port.
        int port = _options.AdvertisedPort > 0 ? _options.AdvertisedPort : _transport.LocalEndPoint?.Port ?? _options.UdpPort;
        var candidates = _candidates.Addresses
            .Select((a, i) => new SdpHostCandidate(new IPEndPoint(a, port), (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                SdpHostCandidate.ComputeHostPriority((ushort)(65535 - i))))
            .ToList();
        return new AnswerParameters
        {
            IceUfrag = ufrag,
            IcePwd = pwd,
            Fingerprint = Certificate.FingerprintSha256,
            Candidates = candidates,
            VideoSsrc = ssrc,
            RtxSsrc = rtxSsrc,
            Cname = "rtcgw-" + sessionId[..Math.Min(8, sessionId.Length)],
            MsidStreamId = "rtcgw-" + cameraId,
            MsidTrackId = "video-" + cameraId,
            SourceProfile = profile,
            SessionId = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue),
            AcceptDataChannel = true,
            MaxMessageSize = MaxDataChannelMessageSize,
        };
    }

    private static string RandomIceString(int length) => RandomNumberGenerator.GetString(IceChars, length);

    /// <summary>
    /// Sends a session's datagrams on the shared socket, and routes an address to the session as soon as the peer
    /// validates it — before the check's success response leaves, because the browser sends its DTLS ClientHello as soon
    /// as it reads that response (waiting for the peer's RemoteValidated event, drained after the response was sent, let
    /// the ClientHello arrive unrouted on some joins and cost a DTLS retransmission).
    /// </summary>
    private sealed class SocketTransmitter(UdpTransport transport, SessionManager manager) : IPeerTransmitter
    {
        private SocketAddress? _address;
        private IPEndPoint? _endPoint;

        public ViewerSession? Session { get; set; }

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            if (!ReferenceEquals(remote, _endPoint))
            {
                _address = remote.Serialize();
                _endPoint = remote;
            }

            transport.Send(datagram, _address!);
        }

        public void OnRemoteValidated(IPEndPoint remote)
        {
            if (Session is not null)
            {
                manager.Associate(remote, Session);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebRTC sessions ready: DTLS certificate sha-256 {Fingerprint}, warm-up handshake {WarmupMs} ms")]
    private static partial void LogStarted(ILogger logger, string fingerprint, long warmupMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} created for {CameraId} by {Owner} (H.264 {Profile})")]
    private static partial void LogCreated(ILogger logger, string sessionId, string cameraId, string owner, string profile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} ({CameraId}) closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string sessionId, string cameraId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SessionClosed handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);
}
