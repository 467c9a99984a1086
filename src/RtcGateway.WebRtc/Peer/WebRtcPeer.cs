using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcGateway.WebRtc.DataChannels;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Dtls;
using RtcGateway.WebRtc.Ice;
using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Sctp;
using RtcGateway.WebRtc.Sdp;
using RtcGateway.WebRtc.Srtp;

namespace RtcGateway.WebRtc.Peer;

/// <summary>
/// One viewer's WebRTC transport, Sans-IO (the str0m shape): ICE-lite (RFC 8445 §2.5) + DTLS-SRTP server (RFC 5764)
/// + SRTP/SRTCP (RFC 3711, RFC 7714) + H.264 RTP sending (RFC 6184) + RTCP feedback (RFC 3550, RFC 4585, RFC 5104), all
/// multiplexed on one 5-tuple (RFC 7983, rtcp-mux RFC 5761).
/// <para>
/// The driver feeds <see cref="HandleDatagram"/>, <see cref="HandleTimeout"/> (at or after <see cref="NextTimeoutMs"/>,
/// and whenever <see cref="WakeRequested"/> fires) and <see cref="SendFrame"/>, from ONE thread at a time; datagrams
/// leave through the <see cref="IPeerTransmitter"/> and events are drained with <see cref="TryPollEvent"/>. The peer
/// reads no clock and owns no socket. The only concurrency inside is BouncyCastle's blocking DTLS handshake, which runs
/// on a thread of its own until Connected (see <see cref="DtlsServerSession"/>) and only enqueues; its output is picked up
/// on the driver's thread after <see cref="WakeRequested"/>. After the handshake every record is processed inside
/// <see cref="HandleDatagram"/>, so a data-channel message and the reply the driver sends to it need no other thread.
/// </para>
/// <para>Media: every frame's payloads come pre-packetised and shared (<see cref="PacketizedFrame"/>); this peer writes
/// its own RTP header (SSRC, sequence number, timestamp offset, header extension ids of its offer) and protects each
/// packet in one reusable buffer: no allocation per packet. Every new packet takes the next number of one per-peer
/// transport-wide sequence counter (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), recorded with the packet.</para>
/// <para>Generic NACK (RFC 4585 §6.2.1), from the shared payloads kept for 1 s: when the answer accepted RTX
/// (<see cref="NegotiatedSession.RtxPayloadType"/>), the lost packet is sent again as an RTX packet (RFC 4588 §4: RTX SSRC,
/// the RTX stream's own sequence number, rtx payload type, original timestamp, OSN + original payload) with a fresh
/// transport-wide sequence number; otherwise it is rebuilt byte-identical (same sequence number, same header, same
/// transport-wide sequence number), so re-protection never reuses an SRTP nonce with a different plaintext or AAD.
/// Each packet with a transport-wide sequence number is reported to <see cref="WebRtcPeerOptions.PacketSendObserver"/>.</para>
/// </summary>
public sealed partial class WebRtcPeer : IDisposable
{
    private const int BufferSize = 1500;
    private const int MaxValidatedRemotes = 8;

    private readonly NegotiatedSession _negotiated;
    private readonly WebRtcPeerOptions _options;
    private readonly IPeerTransmitter _transmitter;
    private readonly ILogger _logger;
    private readonly IceLiteAgent _ice;
    private readonly DtlsServerSession _dtls;
    private readonly RtpHeaderExtensionIds _extensionIds;
    private readonly RtpHistory _history = new(capacity: 128, maxAgeMs: 1000);
    private readonly RtpSequenceMap _sequenceMap = new(capacity: 4096, maxAgeMs: RtpSequenceMap.DefaultMaxAgeMs);
    private readonly Queue<PeerEvent> _events = new();
    private readonly List<IPEndPoint> _validatedRemotes = new();
    private readonly byte[] _sendBuffer = new byte[BufferSize];
    private readonly byte[] _receiveBuffer = new byte[BufferSize];
    private readonly byte[] _cname;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IPacketSendObserver? _sendObserver;
    private readonly uint _rtxSsrc;
    private readonly byte _rtxPayloadType;
    private readonly bool _rtx;
    private byte[]? _sctpBuffer;
    private DataChannelManager? _dataChannels;
    private SrtpContext? _srtpSend;
    private SrtpContext? _srtpReceive;
    private ushort _nextSequenceNumber;
    private ushort _nextRtxSequenceNumber;
    private ushort _nextTransportSequenceNumber;
    private long _nextSenderReportMs = long.MaxValue;
    private int _lastFirSequenceNumber = -1;

    private long _framesSent;
    private long _packetsSent;
    private long _octetsSent;
    private long _retransmissions;
    private long _rtxPacketsSent;
    private long _nackMisses;
    private long _nacksReceived;
    private long _pliReceived;
    private long _firReceived;
    private long _rtcpDropped;
    private long _datagramsDropped;
    private double? _rttMs;
    private double? _fractionLost;
    private uint? _jitter;

    /// <summary>Creates the peer for a negotiated offer/answer (see <see cref="SdpNegotiator.TryNegotiate"/>).</summary>
    /// <param name="negotiated">The negotiation result; its answer was (or will be) returned to the viewer.</param>
    /// <param name="options">Our side's settings: ICE credentials, certificate, SSRC, CNAME, timeouts.</param>
    /// <param name="transmitter">Where datagrams go.</param>
    /// <param name="now">Creation time (starts the ICE connect timeout).</param>
    /// <param name="loggerFactory">Optional logging.</param>
    /// <exception cref="ArgumentException">The offer's fingerprint is not <c>sha-256</c> (the only hash the DTLS layer
    /// verifies), the negotiated mid is not usable in the mid header extension, or the negotiated RTX SSRC equals
    /// <see cref="WebRtcPeerOptions.VideoSsrc"/>.</exception>
    public WebRtcPeer(NegotiatedSession negotiated, WebRtcPeerOptions options, IPeerTransmitter transmitter, PeerTime now,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(negotiated);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transmitter);
        if (!string.Equals(negotiated.RemoteFingerprint.Algorithm, DtlsFingerprint.Sha256HashFunction, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"the offer's fingerprint uses {negotiated.RemoteFingerprint.Algorithm}; only sha-256 is supported",
                nameof(negotiated));
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _negotiated = negotiated;
        _options = options;
        _transmitter = transmitter;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<WebRtcPeer>();
        _cname = System.Text.Encoding.ASCII.GetBytes(options.Cname);
        _nextSequenceNumber = options.InitialSequenceNumber;
        _nextRtxSequenceNumber = options.InitialRtxSequenceNumber;
        _nextTransportSequenceNumber = options.InitialTransportSequenceNumber;
        if (negotiated.RtxPayloadType is { } rtxPayloadType && negotiated.RtxSsrc is { } rtxSsrc)
        {
            if (rtxSsrc == options.VideoSsrc)
            {
                throw new ArgumentException("the RTX SSRC equals the video SSRC (RFC 4588 §5 needs its own)", nameof(negotiated));
            }

            _rtx = true;
            _rtxSsrc = rtxSsrc;
            _rtxPayloadType = rtxPayloadType;
        }
        _ice = new IceLiteAgent(options.LocalUfrag, options.LocalPwd, negotiated.RemoteIceUfrag, negotiated.RemoteIcePwd,
            now.MonotonicMs,
            new IceLiteAgentOptions { ConsentTimeoutMs = options.ConsentTimeoutMs, ConnectTimeoutMs = options.ConnectTimeoutMs },
            loggerFactory.CreateLogger<IceLiteAgent>());
        _dtls = new DtlsServerSession(options.Certificate, negotiated.RemoteFingerprint.Value.Span, options.DtlsHandshakeTimeout,
            loggerFactory.CreateLogger<DtlsServerSession>(), options.DtlsEngineThreads);
        _extensionIds = new RtpHeaderExtensionIds(
            midId: negotiated.MidExtensionId,
            mid: negotiated.MidExtensionId is null ? null : negotiated.VideoMid,
            playoutDelayId: negotiated.PlayoutDelayExtensionId,
            absCaptureTimeId: negotiated.AbsCaptureTimeExtensionId,
            transportWideCcId: negotiated.TransportWideCcExtensionId);
        _sendObserver = negotiated.TransportWideCcExtensionId is null ? null : options.PacketSendObserver;
    }

    /// <summary>Invoked (from any thread) when the peer has work for its driver's thread: call <see cref="HandleTimeout"/>
    /// there. Must only signal.</summary>
    public Action? WakeRequested
    {
        get => _dtls.OutputAvailable;
        set => _dtls.OutputAvailable = value;
    }

    /// <summary>Current state.</summary>
    public PeerState State { get; private set; } = PeerState.Connecting;

    /// <summary>Why the peer closed; null while open.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>The negotiation this peer was created from.</summary>
    public NegotiatedSession Negotiated => _negotiated;

    /// <summary>Where media goes: the ICE-selected remote address (or the latest validated one before nomination).</summary>
    public IPEndPoint? Remote => _ice.SendRemote;

    /// <summary>The DTLS state (New, Handshaking, Connected, Failed, Closed).</summary>
    public DtlsState DtlsState => _dtls.State;

    /// <summary>Counters and the receiver's latest feedback.</summary>
    public PeerStats Stats => new()
    {
        FramesSent = _framesSent,
        PacketsSent = _packetsSent,
        OctetsSent = _octetsSent,
        Retransmissions = _retransmissions,
        RtxPacketsSent = _rtxPacketsSent,
        NackMisses = _nackMisses,
        NacksReceived = _nacksReceived,
        DtlsDiscardedRecords = _dtls.DiscardedRecords,
        PliReceived = _pliReceived,
        FirReceived = _firReceived,
        RtcpDropped = _rtcpDropped,
        DatagramsDropped = _datagramsDropped,
        RoundTripTimeMs = _rttMs,
        FractionLost = _fractionLost,
        Jitter = _jitter,
        SrtpProfile = _srtpSend is null ? (ushort)0 : (ushort)_srtpSend.Profile,
    };

    /// <summary>The monotonic time (ms) at which <see cref="HandleTimeout"/> must be called next; null when nothing is due.</summary>
    public long? NextTimeoutMs
    {
        get
        {
            if (State == PeerState.Closed)
            {
                return null;
            }

            long? next = Min(_ice.NextTimeoutMs, State == PeerState.Connected ? _nextSenderReportMs : null);
            return Min(next, _dataChannels?.NextTimeoutMs);

            static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
        }
    }

    /// <summary>Drains one event; false when none is pending.</summary>
    public bool TryPollEvent(out PeerEvent peerEvent) => _events.TryDequeue(out peerEvent);

    /// <summary>
    /// Handles one datagram received on the shared port and routed to this peer. Never throws on wire input: malformed
    /// or unauthenticated datagrams are counted in <see cref="PeerStats.DatagramsDropped"/> / <see cref="PeerStats.RtcpDropped"/>.
    /// </summary>
    /// <param name="datagram">The datagram (any length; not retained).</param>
    /// <param name="remote">Its source address.</param>
    /// <param name="now">Current time.</param>
    public void HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote, PeerTime now)
    {
        if (State == PeerState.Closed)
        {
            return;
        }

        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Stun:
                HandleStun(datagram, remote, now);
                break;
            case PacketKind.Dtls:
                if (!IsValidated(remote))
                {
                    _datagramsDropped++; // DTLS only from an address that passed an ICE check (RFC 8445 §7.3)
                    return;
                }

                if (_dtls.State == DtlsState.New)
                {
                    _dtls.Start();
                }

                _dtls.HandleDatagram(datagram);
                break;
            case PacketKind.Rtcp:
                HandleRtcp(datagram, remote, now);
                break;
            default:
                _datagramsDropped++; // RTP from a recvonly viewer, or garbage
                break;
        }

        Pump(now);
    }

    /// <summary>Runs timers (ICE consent and connect timeouts, RTCP sender reports) and picks up DTLS output.</summary>
    public void HandleTimeout(PeerTime now)
    {
        if (State == PeerState.Closed)
        {
            return;
        }

        _ice.HandleTimeout(now.MonotonicMs);
        _dataChannels?.HandleTimeout(now.MonotonicMs);
        Pump(now);
        if (State == PeerState.Connected && now.MonotonicMs >= _nextSenderReportMs)
        {
            SendSenderReport(now);
            _nextSenderReportMs = now.MonotonicMs + _options.SenderReportIntervalMs;
        }

        _history.Evict(now.MonotonicMs);
    }

    /// <summary>
    /// Sends one access unit's shared payloads as SRTP to the viewer: per packet, writes this viewer's RTP header (with
    /// mid on every packet, playout-delay and abs-capture-time on the first packet of the frame, transport-wide-cc
    /// sequence numbers) and protects it in place. The frame is referenced (AddRef) for 1 s for NACK retransmission.
    /// </summary>
    /// <param name="frame">The frame (not released by this call; the caller keeps its own reference).</param>
    /// <param name="captureTimeUs">Capture wall clock, µs since the Unix epoch: the RTP timestamp is derived from it
    /// (90 kHz) and abs-capture-time carries it.</param>
    /// <param name="now">Current time.</param>
    /// <returns>False when the peer is not <see cref="PeerState.Connected"/> (nothing sent).</returns>
    public bool SendFrame(PacketizedFrame frame, long captureTimeUs, PeerTime now)
    {
        ArgumentNullException.ThrowIfNull(frame);
        IPEndPoint? remote = _ice.SendRemote;
        if (State != PeerState.Connected || remote is null || _srtpSend is null)
        {
            return false;
        }

        long frameId = _history.Add(frame, now.MonotonicMs);
        uint timestamp = RtpClock.ToRtpTimestamp(captureTimeUs, _options.RtpTimestampOffset);
        for (int i = 0; i < frame.PayloadCount; i++)
        {
            ushort sequenceNumber = _nextSequenceNumber++;
            ushort transportSequenceNumber = _nextTransportSequenceNumber++;
            var p = Parameters(_options.VideoSsrc, _negotiated.PayloadType, sequenceNumber, transportSequenceNumber, timestamp,
                frame.IsLast(i), i == 0, captureTimeUs, now);
            int length = RtpPacketWriter.Write(_sendBuffer, p, frame, i);
            _sequenceMap.Record(sequenceNumber, new RtpSequenceMapEntry(
                frameId, i, timestamp, frame.IsLast(i), i == 0, captureTimeUs, now.MonotonicMs, transportSequenceNumber));
            if (_srtpSend.TryProtectRtp(_sendBuffer, length, out int protectedLength, out _))
            {
                _transmitter.Send(_sendBuffer.AsSpan(0, protectedLength), remote);
                _packetsSent++;
                _octetsSent += frame.GetPayloadLength(i);
                _sendObserver?.OnPacketSent(transportSequenceNumber, protectedLength, isRetransmission: false, now);
            }
        }

        _framesSent++;
        return true;
    }

    /// <summary>True when the answer accepted the offer's <c>m=application</c> section (WebRTC data channels, RFC 8831).</summary>
    public bool DataChannelsNegotiated => _negotiated.DataChannelMid is not null;

    /// <summary>
    /// Sends a text message on a data channel (RFC 8831 §6.6, PPID 51) and pushes the resulting SCTP packets out.
    /// </summary>
    /// <returns>The SCTP send result (e.g. a message larger than the viewer's <c>a=max-message-size</c> is refused), or
    /// <see cref="SctpSendResult"/> for a closed channel; never throws for a closed peer.</returns>
    public SctpSendResult SendDataChannelText(DataChannel channel, string text, PeerTime now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        SctpSendResult result = channel.Send(text, now.MonotonicMs);
        Pump(now);
        return result;
    }

    /// <summary>Sends a binary message on a data channel (PPID 53) and pushes the resulting SCTP packets out.</summary>
    public SctpSendResult SendDataChannelBinary(DataChannel channel, ReadOnlySpan<byte> data, PeerTime now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        SctpSendResult result = channel.Send(data, now.MonotonicMs);
        Pump(now);
        return result;
    }

    /// <summary>Closes a data channel with an outgoing stream reset (RFC 8831 §6.7).</summary>
    public void CloseDataChannel(DataChannel channel, PeerTime now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        channel.Close(now.MonotonicMs);
        Pump(now);
    }

    /// <summary>Closes the peer (DTLS close_notify, RTCP BYE when keys exist) and queues a <see cref="PeerEventKind.Closed"/> event.
    /// Idempotent.</summary>
    /// <param name="reason">Why, for logs and the viewer.</param>
    /// <param name="now">Current time.</param>
    public void Close(string reason, PeerTime now)
    {
        if (State == PeerState.Closed)
        {
            return;
        }

        IPEndPoint? remote = _ice.SendRemote;
        if (_srtpSend is not null && remote is not null)
        {
            SendBye(remote);
        }

        State = PeerState.Closed;
        CloseReason = reason;
        _ice.Close(now.MonotonicMs);
        _dtls.Close();
        while (_dtls.TryPollDatagram(_sendBuffer, out int length))
        {
            if (remote is not null)
            {
                _transmitter.Send(_sendBuffer.AsSpan(0, length), remote);
            }
        }

        _events.Enqueue(new PeerEvent(PeerEventKind.Closed, reason));
        LogClosed(_logger, _options.LocalUfrag, reason);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _dtls.OutputAvailable = null;
        _dtls.Dispose();
        _history.Dispose();
        _srtpSend?.Dispose();
        _srtpReceive?.Dispose();
    }

    private RtpSendParameters Parameters(uint ssrc, byte payloadType, ushort sequenceNumber, ushort transportSequenceNumber,
        uint timestamp, bool marker, bool first, long captureTimeUs, PeerTime now) => new()
        {
            Ssrc = ssrc,
            PayloadType = payloadType,
            SequenceNumber = sequenceNumber,
            Timestamp = timestamp,
            Marker = marker,
            FirstPacketOfFrame = first,
            CaptureTimeUs = captureTimeUs,
            SendTimeUs = now.UnixUs,
            TransportSequenceNumber = transportSequenceNumber,
            PlayoutDelay = new PlayoutDelay(0, 0),
            Extensions = _extensionIds,
        };

    private void HandleStun(ReadOnlySpan<byte> datagram, IPEndPoint remote, PeerTime now)
    {
        Span<byte> response = stackalloc byte[IceLiteAgent.MaxResponseLength];
        IceResult result = _ice.HandleBindingRequest(datagram, remote, now.MonotonicMs, response, out int length);
        if (result.IsValidCheck() && !IsValidated(remote))
        {
            if (_validatedRemotes.Count == MaxValidatedRemotes)
            {
                EvictOldestValidatedRemote();
            }

            var copy = new IPEndPoint(remote.Address, remote.Port);
            _validatedRemotes.Add(copy);
            // Before the success response leaves: the browser sends its DTLS ClientHello as soon as it reads it.
            _transmitter.OnRemoteValidated(copy);
            _events.Enqueue(new PeerEvent(PeerEventKind.RemoteValidated, Remote: copy));
        }

        if (length > 0)
        {
            _transmitter.Send(response[..length], remote);
        }
    }

    // Forgets the oldest validated address that is not where media goes: evicting the selected pair would make the
    // peer drop its own viewer's DTLS and RTCP (regression: many candidates checked after nomination).
    private void EvictOldestValidatedRemote()
    {
        IPEndPoint? sendRemote = _ice.SendRemote;
        for (int i = 0; i < _validatedRemotes.Count; i++)
        {
            if (sendRemote is null || !_validatedRemotes[i].Equals(sendRemote))
            {
                _validatedRemotes.RemoveAt(i);
                return;
            }
        }
    }

    private bool IsValidated(IPEndPoint remote)
    {
        foreach (IPEndPoint known in _validatedRemotes)
        {
            if (known.Port == remote.Port && known.Address.Equals(remote.Address))
            {
                return true;
            }
        }

        return false;
    }

    private void Pump(PeerTime now)
    {
        while (_ice.TryPollEvent(out IceEvent iceEvent))
        {
            if (iceEvent.Kind is IceEventKind.ConsentExpired)
            {
                Close("ICE consent expired (no checks for " + _options.ConsentTimeoutMs + " ms)", now);
                return;
            }

            if (iceEvent.Kind is IceEventKind.ConnectTimedOut)
            {
                Close("ICE connect timeout (no valid check in " + _options.ConnectTimeoutMs + " ms)", now);
                return;
            }

            if (iceEvent.State == IceConnectionState.Closed)
            {
                Close("ICE closed", now);
                return;
            }
        }

        PumpDataChannels(now);
        IPEndPoint? remote = _ice.SendRemote;
        while (_dtls.TryPollDatagram(_sendBuffer, out int length))
        {
            if (remote is not null)
            {
                _transmitter.Send(_sendBuffer.AsSpan(0, length), remote);
            }
        }

        while (_dtls.TryPollEvent(out DtlsEvent dtlsEvent))
        {
            switch (dtlsEvent.Kind)
            {
                case DtlsEventKind.Connected:
                    var profile = (SrtpProtectionProfile)_dtls.SelectedSrtpProfile;
                    SrtpKeyingMaterial keys = SrtpKeyingMaterial.Split(_dtls.KeyingMaterial, profile, isDtlsServer: true);
                    _srtpSend = keys.CreateLocalContext();
                    _srtpReceive = keys.CreateRemoteContext();
                    StartDataChannels();
                    PumpDataChannels(now);
                    break;
                case DtlsEventKind.Failed:
                    Close("DTLS failed: " + dtlsEvent.Reason, now);
                    return;
                case DtlsEventKind.Closed:
                    Close("DTLS closed: " + dtlsEvent.Reason, now);
                    return;
            }
        }

        if (State == PeerState.Connecting && _srtpSend is not null && _ice.SendRemote is not null)
        {
            State = PeerState.Connected;
            _nextSenderReportMs = now.MonotonicMs;
            _events.Enqueue(new PeerEvent(PeerEventKind.Connected));
            LogConnected(_logger, _options.LocalUfrag, _ice.SendRemote, (ushort)_srtpSend.Profile);
        }
    }

    private void StartDataChannels()
    {
        if (_negotiated.DataChannelMid is null || _dataChannels is not null)
        {
            return;
        }

        // RFC 8261 §5: one SCTP packet per DTLS record; the path MTU available to SCTP is what DTLS can carry.
        int mtu = Math.Min(1160, Math.Max(576, _dtls.MaxApplicationDataSize));
        var options = new SctpAssociationOptions
        {
            RemotePort = (ushort)(_negotiated.RemoteSctpPort ?? 5000),
            LocalPort = 5000,
            Mtu = mtu,
            MaxMessageSize = (int)Math.Min(int.MaxValue, _options.MaxMessageSize),
        };
        var association = new SctpAssociation(options, _loggerFactory.CreateLogger<SctpAssociation>());
        _dataChannels = new DataChannelManager(association, isDtlsClient: false)
        {
            RemoteMaxMessageSize = (int)Math.Min(int.MaxValue, _negotiated.RemoteMaxMessageSize ?? DataChannelManager.DefaultRemoteMaxMessageSize),
        };
        _sctpBuffer = new byte[BufferSize];
    }

    private void PumpDataChannels(PeerTime now)
    {
        if (_dataChannels is null || _sctpBuffer is null)
        {
            return;
        }

        while (_dtls.TryPollApplicationData(_sctpBuffer, out int length))
        {
            _dataChannels.HandlePacket(_sctpBuffer.AsSpan(0, length), now.MonotonicMs);
        }

        while (_dataChannels.TryPollPacket(_sctpBuffer, out int length))
        {
            _dtls.SendApplicationData(_sctpBuffer.AsSpan(0, length));
        }

        while (_dataChannels.TryPollEvent(out DataChannelEvent e))
        {
            switch (e.Kind)
            {
                case DataChannelEventKind.ChannelOpened:
                    _events.Enqueue(new PeerEvent(PeerEventKind.DataChannelOpened, Channel: e.Channel));
                    break;
                case DataChannelEventKind.Message:
                    _events.Enqueue(new PeerEvent(PeerEventKind.DataChannelMessage, Channel: e.Channel, IsText: e.IsText, Data: e.Data));
                    break;
                case DataChannelEventKind.ChannelClosed:
                    _events.Enqueue(new PeerEvent(PeerEventKind.DataChannelClosed, Channel: e.Channel));
                    break;
            }
        }
    }

    private void HandleRtcp(ReadOnlySpan<byte> datagram, IPEndPoint remote, PeerTime now)
    {
        if (_srtpReceive is null || datagram.Length > _receiveBuffer.Length || !IsValidated(remote))
        {
            _rtcpDropped++;
            return;
        }

        datagram.CopyTo(_receiveBuffer);
        if (!_srtpReceive.TryUnprotectRtcp(_receiveBuffer, datagram.Length, out int rtcpLength, out _))
        {
            _rtcpDropped++;
            return;
        }

        var reader = new RtcpCompoundReader(_receiveBuffer.AsSpan(0, rtcpLength));
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            switch (packet.Kind)
            {
                case RtcpPacketKind.ReceiverReport:
                    RtcpReceiverReport rr = packet.AsReceiverReport();
                    for (int i = 0; i < rr.ReportBlockCount; i++)
                    {
                        HandleReportBlock(rr.GetReportBlock(i), now);
                    }

                    break;
                case RtcpPacketKind.SenderReport:
                    RtcpSenderReport sr = packet.AsSenderReport();
                    for (int i = 0; i < sr.ReportBlockCount; i++)
                    {
                        HandleReportBlock(sr.GetReportBlock(i), now);
                    }

                    break;
                case RtcpPacketKind.GenericNack:
                    RtcpGenericNack nack = packet.AsGenericNack();
                    if (nack.MediaSsrc == _options.VideoSsrc)
                    {
                        _nacksReceived++;
                        foreach (ushort lost in nack.GetLostSequenceNumbers())
                        {
                            Retransmit(lost, now);
                        }
                    }

                    break;
                case RtcpPacketKind.PictureLossIndication:
                    if (packet.FeedbackMediaSsrc == _options.VideoSsrc)
                    {
                        _pliReceived++;
                        _events.Enqueue(new PeerEvent(PeerEventKind.KeyframeRequested, "PLI"));
                    }

                    break;
                case RtcpPacketKind.FullIntraRequest:
                    RtcpFullIntraRequest fir = packet.AsFullIntraRequest();
                    for (int i = 0; i < fir.EntryCount; i++)
                    {
                        RtcpFirEntry entry = fir.GetEntry(i);
                        // RFC 5104 §4.3.1.2: a repeated command sequence number is a retransmission of the same request.
                        if (entry.Ssrc == _options.VideoSsrc && entry.SequenceNumber != _lastFirSequenceNumber)
                        {
                            _lastFirSequenceNumber = entry.SequenceNumber;
                            _firReceived++;
                            _events.Enqueue(new PeerEvent(PeerEventKind.KeyframeRequested, "FIR"));
                        }
                    }

                    break;
                case RtcpPacketKind.Goodbye:
                    // The viewer left (RFC 3550 §6.6). Its own SSRC, not ours, is in the BYE.
                    Close("RTCP BYE from the viewer", now);
                    return;
            }
        }

        if (reader.Error != RtcpReadError.None)
        {
            _rtcpDropped++;
        }
    }

    private void HandleReportBlock(RtcpReportBlock block, PeerTime now)
    {
        if (block.Ssrc != _options.VideoSsrc)
        {
            return;
        }

        _fractionLost = block.FractionLost / 256.0;
        _jitter = block.Jitter;
        if (RttCalculator.TryCalculate(block, now.UnixUs, out double rtt))
        {
            _rttMs = rtt;
        }
    }

    private void Retransmit(ushort sequenceNumber, PeerTime now)
    {
        IPEndPoint? remote = _ice.SendRemote;
        if (_srtpSend is null || remote is null
            || !_sequenceMap.TryGetPacket(sequenceNumber, _history, now.MonotonicMs, out RtpSequenceMapEntry entry, out PacketizedFrame frame))
        {
            _nackMisses++;
            return;
        }

        ushort transportSequenceNumber;
        int length;
        if (_rtx)
        {
            // RFC 4588 §4: a new packet on the RTX stream (its own SSRC and sequence number, so a new SRTP index) that
            // carries the original timestamp, marker and extensions, a fresh transport-wide number, and OSN + payload.
            transportSequenceNumber = _nextTransportSequenceNumber++;
            var p = Parameters(_rtxSsrc, _rtxPayloadType, _nextRtxSequenceNumber++, transportSequenceNumber, entry.Timestamp,
                entry.Marker, entry.FirstPacketOfFrame, entry.CaptureTimeUs, now);
            length = RtxPacketWriter.Write(_sendBuffer, p, sequenceNumber, frame.GetPayload(entry.PayloadIndex));
        }
        else
        {
            // Rebuild the original packet exactly: the same header fields and extension values, including its
            // transport-wide number (SendTimeUs only feeds abs-send-time, which is never negotiated).
            transportSequenceNumber = entry.TransportSequenceNumber;
            var p = Parameters(_options.VideoSsrc, _negotiated.PayloadType, sequenceNumber, transportSequenceNumber,
                entry.Timestamp, entry.Marker, entry.FirstPacketOfFrame, entry.CaptureTimeUs, now);
            length = RtpPacketWriter.Write(_sendBuffer, p, frame.GetPayload(entry.PayloadIndex));
        }

        if (_srtpSend.TryProtectRtp(_sendBuffer, length, out int protectedLength, out _))
        {
            _transmitter.Send(_sendBuffer.AsSpan(0, protectedLength), remote);
            _retransmissions++;
            if (_rtx)
            {
                _rtxPacketsSent++;
            }

            _sendObserver?.OnPacketSent(transportSequenceNumber, protectedLength, isRetransmission: true, now);
        }
    }

    private void SendSenderReport(PeerTime now)
    {
        IPEndPoint? remote = _ice.SendRemote;
        if (_srtpSend is null || remote is null)
        {
            return;
        }

        // RFC 3550 §6.4.1: the NTP and RTP timestamps denote the same instant. RTP timestamps are derived from the capture
        // wall clock, so the RTP time of "now" maps the capture clock exactly.
        var info = new RtcpSenderInfo(_options.VideoSsrc, NtpTimestamp.FromUnixMicroseconds(now.UnixUs),
            RtpClock.ToRtpTimestamp(now.UnixUs, _options.RtpTimestampOffset), (uint)_packetsSent, (uint)_octetsSent);
        int length = RtcpSenderReportWriter.WriteTo(_sendBuffer, info, ReadOnlySpan<RtcpReportBlock>.Empty, _cname);
        if (_srtpSend.TryProtectRtcp(_sendBuffer, length, out int protectedLength, out _))
        {
            _transmitter.Send(_sendBuffer.AsSpan(0, protectedLength), remote);
        }
    }

    private void SendBye(IPEndPoint remote)
    {
        Span<uint> ssrcs = [_options.VideoSsrc, _rtxSsrc];
        int length = RtcpByeWriter.WriteTo(_sendBuffer, _rtx ? ssrcs : ssrcs[..1], "session closed"u8);
        if (_srtpSend!.TryProtectRtcp(_sendBuffer, length, out int protectedLength, out _))
        {
            _transmitter.Send(_sendBuffer.AsSpan(0, protectedLength), remote);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Ufrag} connected to {Remote} (SRTP profile 0x{Profile:x4})")]
    private static partial void LogConnected(ILogger logger, string ufrag, IPEndPoint remote, ushort profile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Ufrag} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string ufrag, string reason);
}
