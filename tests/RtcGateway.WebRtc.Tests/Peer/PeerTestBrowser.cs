using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Dtls;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Sdp;
using RtcGateway.WebRtc.Srtp;
using RtcGateway.WebRtc.Stun;
using SrtpProfile = RtcGateway.WebRtc.Srtp.SrtpProtectionProfile;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>Settings of one <see cref="PeerTestBrowser"/> (seeded; everything random comes from the seed).</summary>
internal sealed record PeerTestSettings
{
    public int Seed { get; init; } = 1;

    public long ConsentTimeoutMs { get; init; } = 15_000;

    public long ConnectTimeoutMs { get; init; } = 30_000;

    public ushort? InitialSequenceNumber { get; init; }

    /// <summary>Answer the offer's rtx payload type (the gateway gives an RTX SSRC, RFC 4588).</summary>
    public bool Rtx { get; init; }

    public ushort? InitialRtxSequenceNumber { get; init; }

    public ushort InitialTransportSequenceNumber { get; init; }

    public IPacketSendObserver? PacketSendObserver { get; init; }

    /// <summary>The browser's first address (its host candidate).</summary>
    public IPEndPoint? Address { get; init; }
}

/// <summary>
/// A test "browser" in front of one <see cref="WebRtcPeer"/> on an in-memory network: it makes a Chromium offer with its
/// own ICE credentials and certificate fingerprint, negotiates the answer as the server does, creates the peer, and
/// then acts as the controlling full ICE agent (STUN Binding requests with USE-CANDIDATE), the DTLS client
/// (BouncyCastle <see cref="DtlsClientProtocol"/> on its own thread) and the SRTP receiver / SRTCP sender.
/// <para>The peer is driven on the test thread only, by a <see cref="FakePeerClock"/>; only the BC handshake uses real
/// time, and its output is awaited through <see cref="WebRtcPeer.WakeRequested"/> with bounded waits.</para>
/// Shared with the benchmarks (linked source): no xunit here.
/// </summary>
internal sealed class PeerTestBrowser : IDisposable
{
    /// <summary>The gateway's host candidate (the answer's a=candidate).</summary>
    public static readonly IPEndPoint ServerEndPoint = new(IPAddress.Loopback, 8189);

    public static readonly DateTimeOffset CertificateTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<DtlsCertificate> LazyServerCertificate = new(() => DtlsCertificate.Generate(CertificateTime, "CN=RtcGateway"));
    private static readonly Lazy<DtlsCertificate> LazyClientCertificate = new(() => DtlsCertificate.Generate(CertificateTime, "CN=test browser"));
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly Random _random;
    private readonly AutoResetEvent _wake = new(false);
    private readonly QueuedDatagramTransport _dtlsTransport;
    private readonly DtlsSrtpClient _dtlsClient;
    private readonly ConcurrentQueue<byte[]> _dtlsOut = new();
    private readonly byte[] _scratch = new byte[DtlsServerSession.MaxRecordSize];
    private Thread? _dtlsThread;
    private volatile bool _dtlsDone;
    private ulong _tiebreaker;

    private PeerTestBrowser(PeerTestSettings settings, FakePeerClock? clock)
    {
        Settings = settings;
        _random = new Random(settings.Seed);
        _tiebreaker = (ulong)_random.NextInt64();
        Clock = clock ?? new FakePeerClock();
        Address = settings.Address ?? new IPEndPoint(IPAddress.Parse("192.168.1.50"), 40_000 + (settings.Seed & 0x3FFF));
        OfferUfrag = RandomIce(8);
        OfferPwd = RandomIce(24);
        string offerText = LoadFixture("chromium156-abs-capture-time.sdp");
        OfferSdp = ReplaceCredentials(offerText, OfferUfrag, OfferPwd, ClientCertificate.FingerprintSdp);
        if (!SdpSession.TryParse(OfferSdp, out SdpSession? offer, out SdpError parseError))
        {
            throw new InvalidOperationException("offer does not parse: " + parseError);
        }

        if (!H264ProfileLevelId.TryParse("42e01f", out H264ProfileLevelId? profile))
        {
            throw new InvalidOperationException("profile");
        }

        Answer = new AnswerParameters
        {
            IceUfrag = RandomIce(8),
            IcePwd = RandomIce(24),
            Fingerprint = ServerCertificate.FingerprintSha256,
            Candidates = [new SdpHostCandidate(ServerEndPoint, "1", SdpHostCandidate.ComputeHostPriority(65535))],
            VideoSsrc = (uint)_random.NextInt64(1, uint.MaxValue),
            Cname = RandomIce(16).Replace('+', 'x').Replace('/', 'y'),
            MsidStreamId = "cam0-" + RandomIce(6).Replace('+', 'x').Replace('/', 'y'),
            MsidTrackId = "video0-" + RandomIce(6).Replace('+', 'x').Replace('/', 'y'),
            SourceProfile = profile!,
            SessionId = (ulong)_random.NextInt64(1, long.MaxValue),
        };
        if (settings.Rtx)
        {
            Answer = new AnswerParameters
            {
                IceUfrag = Answer.IceUfrag, IcePwd = Answer.IcePwd, Fingerprint = Answer.Fingerprint, Candidates = Answer.Candidates,
                VideoSsrc = Answer.VideoSsrc, Cname = Answer.Cname, MsidStreamId = Answer.MsidStreamId,
                MsidTrackId = Answer.MsidTrackId, SourceProfile = Answer.SourceProfile, SessionId = Answer.SessionId,
                RtxSsrc = Answer.VideoSsrc ^ 0x5A5A_0001,
            };
        }
        if (!SdpNegotiator.TryNegotiate(offer!, Answer, out NegotiatedSession? negotiated, out SdpError error))
        {
            throw new InvalidOperationException("negotiation failed: " + error);
        }

        Negotiated = negotiated!;
        Options = new WebRtcPeerOptions
        {
            LocalUfrag = Answer.IceUfrag,
            LocalPwd = Answer.IcePwd,
            Certificate = ServerCertificate,
            VideoSsrc = Answer.VideoSsrc,
            Cname = Answer.Cname,
            ConsentTimeoutMs = settings.ConsentTimeoutMs,
            ConnectTimeoutMs = settings.ConnectTimeoutMs,
            RtpTimestampOffset = (uint)_random.NextInt64(0, uint.MaxValue),
            InitialSequenceNumber = settings.InitialSequenceNumber ?? (ushort)_random.Next(0, 65536),
            InitialRtxSequenceNumber = settings.InitialRtxSequenceNumber ?? (settings.Rtx ? (ushort)_random.Next(0, 65536) : (ushort)0),
            InitialTransportSequenceNumber = settings.InitialTransportSequenceNumber,
            PacketSendObserver = settings.PacketSendObserver,
        };
        Transmitter = new RecordingTransmitter();
        Peer = new WebRtcPeer(Negotiated, Options, Transmitter, Clock.Now) { WakeRequested = Signal };

        ushort[] profiles = [DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.Aes128CmHmacSha1_80];
        _dtlsClient = new DtlsSrtpClient(new BcTlsCrypto(new SecureRandom()), ClientCertificate, profiles, 15_000);
        _dtlsTransport = new QueuedDatagramTransport(256, 256, DtlsServerSession.MaxDatagramSize, DtlsServerSession.MaxRecordSize)
        {
            OutputAvailable = DrainClientDtls,
        };
    }

    public static DtlsCertificate ServerCertificate => LazyServerCertificate.Value;

    public static DtlsCertificate ClientCertificate => LazyClientCertificate.Value;

    public PeerTestSettings Settings { get; }

    public FakePeerClock Clock { get; }

    /// <summary>The address the browser currently sends from.</summary>
    public IPEndPoint Address { get; set; }

    public string OfferUfrag { get; }

    public string OfferPwd { get; }

    public string OfferSdp { get; }

    public AnswerParameters Answer { get; }

    public NegotiatedSession Negotiated { get; }

    public WebRtcPeerOptions Options { get; }

    public RecordingTransmitter Transmitter { get; }

    public WebRtcPeer Peer { get; }

    /// <summary>Events polled from the peer, in order.</summary>
    public List<PeerEvent> Events { get; } = [];

    /// <summary>STUN responses the peer sent (with the address they went to).</summary>
    public List<(byte[] Datagram, IPEndPoint To)> StunResponses { get; } = [];

    /// <summary>SRTP datagrams (ciphertext as received) and where they went.</summary>
    public List<(byte[] Datagram, IPEndPoint To)> Srtp { get; } = [];

    /// <summary>SRTCP datagrams the peer sent (ciphertext) and where they went.</summary>
    public List<(byte[] Datagram, IPEndPoint To)> Srtcp { get; } = [];

    /// <summary>DTLS datagrams the peer sent and where they went.</summary>
    public List<(byte[] Datagram, IPEndPoint To)> DtlsFromPeer { get; } = [];

    /// <summary>Every datagram the browser fed to the peer (copies), for mutation-based fuzzing.</summary>
    public List<byte[]> SentToPeer { get; } = [];

    /// <summary>Client DTLS transport once the handshake completed.</summary>
    public DtlsTransport? DtlsTransport { get; private set; }

    public Exception? DtlsFailure { get; private set; }

    /// <summary>Unprotects the peer's SRTP/SRTCP (the server's write keys).</summary>
    public SrtpContext? Receive { get; private set; }

    /// <summary>Protects the browser's SRTCP (the client's write keys).</summary>
    public SrtpContext? Send { get; private set; }

    public static PeerTestBrowser Create(PeerTestSettings? settings = null, FakePeerClock? clock = null) =>
        new(settings ?? new PeerTestSettings(), clock);

    /// <summary>Creates a browser and runs ICE + DTLS until the peer is Connected (throws on failure or after <paramref name="timeout"/>).</summary>
    public static PeerTestBrowser CreateConnected(PeerTestSettings? settings = null, TimeSpan? timeout = null, FakePeerClock? clock = null)
    {
        PeerTestBrowser browser = Create(settings, clock);
        try
        {
            browser.Connect(timeout ?? TimeSpan.FromSeconds(20));
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    /// <summary>An ICE connectivity check (RFC 8445 §7.2.2) as Chrome sends it, as the controlling agent.</summary>
    public byte[] BuildCheck(bool useCandidate, string? password = null, string? username = null, uint priority = 0x6E7F1EFF)
    {
        var transactionId = new byte[12];
        _random.NextBytes(transactionId);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(Encoding.UTF8.GetBytes(username ?? Answer.IceUfrag + ":" + OfferUfrag));
        writer.AddPriority(priority);
        writer.AddIceControlling(_tiebreaker);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password ?? Answer.IcePwd));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>Sends one check from <paramref name="from"/> (default <see cref="Address"/>) and delivers the peer's output.</summary>
    public void SendCheck(bool useCandidate = true, IPEndPoint? from = null) => FeedPeer(BuildCheck(useCandidate), from);

    /// <summary>Hands one datagram to the peer as if it came from <paramref name="from"/>, then delivers the peer's output.</summary>
    public void FeedPeer(ReadOnlySpan<byte> datagram, IPEndPoint? from = null)
    {
        Peer.HandleDatagram(datagram, from ?? Address, Clock.Now);
        Deliver();
    }

    /// <summary>Protects <paramref name="rtcp"/> with the browser's SRTCP context and feeds it to the peer.</summary>
    public void SendRtcp(byte[] rtcp, IPEndPoint? from = null) => FeedPeer(ProtectRtcp(rtcp), from);

    public byte[] ProtectRtcp(byte[] rtcp)
    {
        var buffer = new byte[rtcp.Length + SrtpContext.MaxRtcpOverhead];
        rtcp.CopyTo(buffer, 0);
        int length = (Send ?? throw new InvalidOperationException("not connected")).ProtectRtcp(buffer, rtcp.Length);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Decrypts one SRTP datagram from the peer; null when it does not authenticate.</summary>
    public byte[]? UnprotectRtp(byte[] datagram)
    {
        byte[] copy = (byte[])datagram.Clone();
        return Receive!.TryUnprotectRtp(copy, copy.Length, out int length) ? copy.AsSpan(0, length).ToArray() : null;
    }

    /// <summary>Decrypts one SRTCP datagram from the peer; null when it does not authenticate.</summary>
    public byte[]? UnprotectRtcp(byte[] datagram)
    {
        byte[] copy = (byte[])datagram.Clone();
        return Receive!.TryUnprotectRtcp(copy, copy.Length, out int length) ? copy.AsSpan(0, length).ToArray() : null;
    }

    /// <summary>Runs the peer's timers at the current fake time and delivers its output.</summary>
    public void Tick()
    {
        Peer.HandleTimeout(Clock.Now);
        Deliver();
    }

    /// <summary>Advances the fake clock and runs the peer's timers.</summary>
    public void Advance(long milliseconds)
    {
        Clock.Advance(milliseconds);
        Tick();
    }

    /// <summary>
    /// Advances the fake clock to <paramref name="targetMs"/> the Sans-IO way: jumps to each <see cref="WebRtcPeer.NextTimeoutMs"/>
    /// on the way and runs HandleTimeout there, then to the target.
    /// </summary>
    public void AdvanceTo(long targetMs)
    {
        for (int guard = 0; guard < 100_000; guard++)
        {
            long? next = Peer.NextTimeoutMs;
            if (next is long due && due <= targetMs)
            {
                Clock.Advance(Math.Max(0, due - Clock.MonotonicMs));
                Tick();
                if (due <= Clock.MonotonicMs && Peer.NextTimeoutMs == due)
                {
                    throw new InvalidOperationException($"peer keeps asking for a timeout at {due} ms after it ran");
                }

                continue;
            }

            Clock.Advance(Math.Max(0, targetMs - Clock.MonotonicMs));
            Tick();
            return;
        }

        throw new InvalidOperationException("too many timeouts");
    }

    /// <summary>
    /// ICE check with USE-CANDIDATE, then the BouncyCastle DTLS client handshake, until the peer is Connected and the
    /// client has its SRTP keys.
    /// </summary>
    public void Connect(TimeSpan timeout)
    {
        SendCheck(useCandidate: true);
        StartDtls();
        if (!RunUntil(() => Peer.State == PeerState.Connected && _dtlsDone, timeout))
        {
            throw new TimeoutException($"not connected: peer {Peer.State} ({Peer.CloseReason}), DTLS {Peer.DtlsState}, client done {_dtlsDone}");
        }

        if (DtlsFailure is not null || DtlsTransport is null)
        {
            throw new InvalidOperationException("client DTLS failed", DtlsFailure);
        }

        var keys = SrtpKeyingMaterial.Split(_dtlsClient.KeyingMaterial!, (SrtpProfile)_dtlsClient.SelectedSrtpProfile,
            isDtlsServer: false);
        Receive = keys.CreateRemoteContext();
        Send = keys.CreateLocalContext();
    }

    /// <summary>Starts the client handshake thread (BouncyCastle DtlsClientProtocol over the in-memory pipe).</summary>
    public void StartDtls()
    {
        _dtlsThread = new Thread(() =>
        {
            try
            {
                DtlsTransport = new DtlsClientProtocol().Connect(_dtlsClient, _dtlsTransport);
            }
            catch (Exception exception)
            {
                DtlsFailure = exception;
            }
            finally
            {
                _dtlsDone = true;
                Signal();
            }
        })
        { IsBackground = true, Name = "test-browser-dtls" };
        _dtlsThread.Start();
    }

    /// <summary>
    /// Drives the peer on this thread until <paramref name="condition"/> holds: feeds the client's DTLS datagrams,
    /// calls HandleTimeout (fake time does not advance), delivers the output; between rounds waits for a wake-up
    /// (WakeRequested or client output) at most 50 ms. False after <paramref name="timeout"/> of real time.
    /// </summary>
    public bool RunUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            PumpOnce();
            if (condition())
            {
                return true;
            }

            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            _wake.WaitOne(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>One driver turn: client DTLS → peer, peer timers, peer output → client.</summary>
    public void PumpOnce()
    {
        while (_dtlsOut.TryDequeue(out byte[]? datagram))
        {
            SentToPeer.Add(datagram);
            Peer.HandleDatagram(datagram, Address, Clock.Now);
        }

        Peer.HandleTimeout(Clock.Now);
        Deliver();
    }

    /// <summary>Moves the peer's transmitted datagrams to the browser side and drains its events.</summary>
    public void Deliver()
    {
        foreach ((byte[] datagram, IPEndPoint to) in Transmitter.Pending)
        {
            switch (PacketClassifier.Classify(datagram))
            {
                case PacketKind.Stun:
                    StunResponses.Add((datagram, to));
                    break;
                case PacketKind.Dtls:
                    DtlsFromPeer.Add((datagram, to));
                    _dtlsTransport.TryEnqueueInbound(datagram);
                    break;
                case PacketKind.Rtp:
                    Srtp.Add((datagram, to));
                    break;
                case PacketKind.Rtcp:
                    Srtcp.Add((datagram, to));
                    break;
            }
        }

        Transmitter.Pending.Clear();
        while (Peer.TryPollEvent(out PeerEvent peerEvent))
        {
            Events.Add(peerEvent);
        }
    }

    public int CountEvents(PeerEventKind kind) => Events.Count(e => e.Kind == kind);

    public void Dispose()
    {
        _dtlsTransport.Stop(discardOutput: true);
        _dtlsThread?.Join(TimeSpan.FromSeconds(20));
        Peer.Dispose();
        Receive?.Dispose();
        Send?.Dispose();
        _wake.Dispose();
    }

    /// <summary>Replaces every a=ice-ufrag, a=ice-pwd and a=fingerprint line of an offer.</summary>
    public static string ReplaceCredentials(string sdp, string ufrag, string pwd, string fingerprintSdp)
    {
        string[] lines = sdp.Split("\r\n");
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                lines[i] = "a=ice-ufrag:" + ufrag;
            }
            else if (lines[i].StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                lines[i] = "a=ice-pwd:" + pwd;
            }
            else if (lines[i].StartsWith("a=fingerprint:", StringComparison.Ordinal))
            {
                lines[i] = "a=fingerprint:" + fingerprintSdp;
            }
        }

        return string.Join("\r\n", lines);
    }

    private static string LoadFixture(string name, [CallerFilePath] string callerPath = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Sdp", "Fixtures", name));

    private string RandomIce(int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = IceChars[_random.Next(IceChars.Length)];
        }

        return new string(chars);
    }

    private void DrainClientDtls()
    {
        // Runs on the BC client thread: only copy and signal; the test thread feeds the peer.
        lock (_scratch)
        {
            while (_dtlsTransport.TryDequeueOutbound(_scratch, out int length))
            {
                _dtlsOut.Enqueue(_scratch.AsSpan(0, length).ToArray());
            }
        }

        Signal();
    }

    private void Signal()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while an engine thread was winding down.
        }
    }
}
