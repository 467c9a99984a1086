using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// One SCTP association over DTLS (RFC 8261), the RFC 9260 subset WebRTC data channels need plus partial reliability
/// (RFC 3758 FORWARD TSN) and stream reconfiguration (RFC 6525 outgoing SSN reset). Sans-IO and single-threaded:
/// feed inbound SCTP packets (DTLS application data) to <see cref="HandlePacket"/>, call <see cref="HandleTimeout"/>
/// at <see cref="NextTimeoutMs"/>, drain <see cref="TryPollPacket"/> (each packet ≤ <see cref="SctpAssociationOptions.Mtu"/>
/// bytes, to be sent as one DTLS record) and <see cref="TryPollEvent"/> after every call. Symmetric: it answers an
/// INIT (the browser's) or starts one with <see cref="Connect"/>. Malformed input never throws; it is dropped and
/// counted in <see cref="DroppedPackets"/>. Methods without a time parameter use the latest time passed in.
/// </summary>
public sealed partial class SctpAssociation
{
    private const int MaxControlChunks = 64;
    private const int MaxControlPackets = 16;
    private const int MaxEvents = 65_536;

    private readonly SctpAssociationOptions _options;
    private readonly ILogger _logger;
    private readonly byte[] _secret;
    private readonly SctpRtoEstimator _rto;
    private readonly SctpInboundBuffer _inbound;
    private readonly SctpOutboundQueue _outbound;
    private readonly SctpStreamResetState _reset = new();
    private readonly Queue<SctpEvent> _events = new();
    private readonly Queue<byte[]> _controlPackets = new();
    private readonly Queue<byte[]> _controlChunks = new();
    private readonly ushort[] _gapScratch;
    private readonly uint[] _dupScratch = new uint[16];

    private uint _localTag;
    private uint _peerTag;
    private uint _localInitialTsn;
    private byte[]? _cookieEcho;
    private long? _t1Ms;
    private int _initRetransmits;
    private long? _t2Ms;
    private long? _delayedAckMs;
    private bool _sackNow;
    private int _dataPacketsSinceSack;
    private long? _heartbeatDueMs;
    private long? _heartbeatTimeoutMs;
    private ulong _heartbeatNonce;
    private int _errorCount;
    private long _nowMs;
    private int _pendingMessageEvents;

    /// <summary>Creates a closed association. Throws <see cref="ArgumentOutOfRangeException"/> for invalid options.</summary>
    /// <param name="options">Configuration; null for defaults.</param>
    /// <param name="logger">Optional logger.</param>
    public SctpAssociation(SctpAssociationOptions? options = null, ILogger<SctpAssociation>? logger = null)
    {
        _options = options ?? new SctpAssociationOptions();
        _options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _secret = _options.CookieSecret ?? RandomNumberGenerator.GetBytes(32);
        _rto = new SctpRtoEstimator(_options.RtoInitialMs, _options.RtoMinMs, _options.RtoMaxMs);
        _inbound = new SctpInboundBuffer(_options.ReceiveBufferBytes, _options.MaxMessageSize);
        _outbound = new SctpOutboundQueue(_options.Mtu, _options.MaxSendBufferBytes, _rto);
        _gapScratch = new ushort[2 * Math.Min(64, (_options.Mtu - SctpCommonHeader.Size - 16 - 64) / 4)];
    }

    /// <summary>Current state.</summary>
    public SctpAssociationState State { get; private set; }

    /// <summary>Our verification tag (tests and diagnostics).</summary>
    internal uint LocalVerificationTag => _localTag;

    /// <summary>Why the association closed (after <see cref="SctpEventKind.Closed"/>).</summary>
    public SctpCloseReason CloseReason { get; private set; }

    /// <summary>Negotiated outbound stream count: min(our OS, peer MIS) (RFC 9260 §5.1.1); 0 before establishment.</summary>
    public int OutboundStreams { get; private set; }

    /// <summary>Negotiated inbound stream count: min(our MIS, peer OS); 0 before establishment.</summary>
    public int InboundStreams { get; private set; }

    /// <summary>The peer announced FORWARD TSN support (RFC 3758 §3.1); partial reliability degrades to reliable without it.</summary>
    public bool PeerSupportsForwardTsn { get; private set; }

    /// <summary>The peer announced RE-CONFIG support (RFC 6525 §3.1).</summary>
    public bool PeerSupportsReconfig { get; private set; }

    /// <summary>Current retransmission timeout, ms.</summary>
    public long RtoMs => _rto.RtoMs;

    /// <summary>Smoothed round-trip time, ms; null before the first measurement.</summary>
    public double? SrttMs => _rto.SrttMs;

    /// <summary>Congestion window, bytes.</summary>
    public long CongestionWindow => _outbound.Cwnd;

    /// <summary>Bytes of user data queued or unacknowledged over all streams.</summary>
    public long BufferedAmount => _outbound.BufferedBytes;

    /// <summary>Inbound packets dropped: bad CRC-32c, malformed, wrong verification tag, unexpected chunk.</summary>
    public long DroppedPackets { get; private set; }

    /// <summary>Inbound packets dropped for a bad CRC-32c (included in <see cref="DroppedPackets"/>).</summary>
    public long ChecksumErrors { get; private set; }

    /// <summary>Inbound packets accepted.</summary>
    public long ReceivedPackets { get; private set; }

    /// <summary>Outbound packets produced.</summary>
    public long SentPackets { get; private set; }

    /// <summary>Messages abandoned under partial reliability (RFC 3758).</summary>
    public long AbandonedMessages => _outbound.AbandonedMessages;

    /// <summary>DATA chunks retransmitted.</summary>
    public long Retransmissions => _outbound.Retransmissions;

    /// <summary>HEARTBEAT ACKs received.</summary>
    public long HeartbeatAcks { get; private set; }

    /// <summary>Events dropped because the event queue was full (the application is not draining it).</summary>
    public long DroppedEvents { get; private set; }

    /// <summary>Earliest time (ms) <see cref="HandleTimeout"/> must be called, or null when no timer runs.</summary>
    public long? NextTimeoutMs
    {
        get
        {
            if (State == SctpAssociationState.Closed)
            {
                return null;
            }

            long? t = Min(_t1Ms, _t2Ms);
            t = Min(t, _outbound.T3ExpiresAtMs);
            t = Min(t, _delayedAckMs);
            t = Min(t, _heartbeatTimeoutMs ?? _heartbeatDueMs);
            t = Min(t, _reset.TimerMs);
            return t;
        }
    }

    /// <summary>Bytes of user data queued or unacknowledged on <paramref name="streamId"/>.</summary>
    public long GetBufferedAmount(ushort streamId) => _outbound.GetStreamBuffered(streamId);

    /// <summary>Sets the threshold (bytes) at or below which <see cref="SctpEventKind.BufferedAmountLow"/> fires for the stream (default 0).</summary>
    public void SetBufferedAmountLowThreshold(ushort streamId, long bytes) => _outbound.SetLowThreshold(streamId, Math.Max(0, bytes));

    /// <summary>
    /// Starts the association as initiator: sends INIT (RFC 9260 §5.1) and runs T1-init. Throws
    /// <see cref="InvalidOperationException"/> unless <see cref="State"/> is <see cref="SctpAssociationState.Closed"/> and unused.
    /// </summary>
    public void Connect(long nowMs)
    {
        if (State != SctpAssociationState.Closed || _localTag != 0)
        {
            throw new InvalidOperationException("Connect is only valid on a new association.");
        }

        _nowMs = nowMs;
        _localTag = RandomTag();
        _localInitialTsn = RandomTag();
        State = SctpAssociationState.CookieWait;
        _initRetransmits = 0;
        QueueInit();
        _t1Ms = nowMs + _rto.RtoMs;
    }

    /// <summary>
    /// Queues one user message (fragmented to the MTU, RFC 9260 §6.9). <paramref name="data"/> is copied.
    /// Returns <see cref="SctpSendResult.Queued"/> or why it was refused; never throws for a refused message.
    /// </summary>
    public SctpSendResult Send(ushort streamId, uint ppid, ReadOnlySpan<byte> data, SctpSendOptions options, long nowMs)
    {
        _nowMs = nowMs;
        if (State != SctpAssociationState.Established)
        {
            return SctpSendResult.NotEstablished;
        }

        if (data.IsEmpty)
        {
            return SctpSendResult.Empty;
        }

        if (data.Length > _options.MaxMessageSize)
        {
            return SctpSendResult.TooLarge;
        }

        if (streamId >= OutboundStreams)
        {
            return SctpSendResult.InvalidStream;
        }

        if (_reset.IsResetting(streamId))
        {
            return SctpSendResult.StreamResetting;
        }

        if (!_outbound.CanAccept(data.Length))
        {
            return SctpSendResult.BufferFull;
        }

        if (!PeerSupportsForwardTsn)
        {
            options = options with { MaxRetransmits = null, MaxLifetimeMs = null };
        }

        _outbound.Enqueue(streamId, ppid, data, options, nowMs);
        return SctpSendResult.Queued;
    }

    /// <summary>
    /// Requests an outgoing SSN reset of <paramref name="streams"/> (RFC 6525 §5.1.2): sent once their queued data has
    /// been transmitted, retransmitted until the peer answers; <see cref="SctpEventKind.OutgoingStreamsReset"/> follows.
    /// Returns false when not established, the peer lacks RE-CONFIG, or too many resets are pending.
    /// </summary>
    public bool ResetOutgoingStreams(ReadOnlySpan<ushort> streams, long nowMs)
    {
        _nowMs = nowMs;
        if (State != SctpAssociationState.Established || !PeerSupportsReconfig)
        {
            return false;
        }

        foreach (ushort s in streams)
        {
            if (!_reset.AddPending(s))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Graceful close (RFC 9260 §9.2): SHUTDOWN after all queued data is acknowledged, then Closed(Shutdown).</summary>
    public void Shutdown(long nowMs)
    {
        _nowMs = nowMs;
        if (State == SctpAssociationState.Established)
        {
            State = SctpAssociationState.ShutdownPending;
            Progress(nowMs);
        }
        else if (State is SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            Abort(nowMs);
        }
    }

    /// <summary>Sends ABORT (RFC 9260 §9.1) and closes at once with <see cref="SctpCloseReason.LocalAbort"/>.</summary>
    public void Abort(long nowMs)
    {
        _nowMs = nowMs;
        AbortWith(SctpCloseReason.LocalAbort);
    }

    private void AbortWith(SctpCloseReason reason)
    {
        if (State == SctpAssociationState.Closed)
        {
            return;
        }

        if (State != SctpAssociationState.CookieWait)
        {
            byte[] packet = new byte[SctpCommonHeader.Size + 4];
            new SctpCommonHeader(_options.LocalPort, _options.RemotePort, _peerTag).WriteTo(packet);
            SctpChunkReader.WriteHeader(packet.AsSpan(SctpCommonHeader.Size), SctpChunkType.Abort, 0, 4);
            SctpChecksum.Write(packet);
            _controlPackets.Clear();
            _controlPackets.Enqueue(packet);
        }

        Close(reason);
    }

    /// <summary>Takes the next event; false when none is queued.</summary>
    public bool TryPollEvent(out SctpEvent ev)
    {
        if (!_events.TryDequeue(out ev))
        {
            return false;
        }

        if (ev.Kind == SctpEventKind.MessageReceived)
        {
            _pendingMessageEvents--;
            uint before = _inbound.AdvertisedWindow;
            _inbound.Release(ev.Data.Length);
            if (before < (uint)_options.Mtu && _inbound.AdvertisedWindow >= (uint)_options.Mtu && State != SctpAssociationState.Closed)
            {
                _sackNow = true; // window update (RFC 9260 §6.2)
            }
        }

        return true;
    }

    /// <summary>Handles timers due at or before <paramref name="nowMs"/>: T1, T2, T3-rtx, delayed SACK, HEARTBEAT, RE-CONFIG.</summary>
    public void HandleTimeout(long nowMs)
    {
        _nowMs = nowMs;
        if (State == SctpAssociationState.Closed)
        {
            return;
        }

        if (_t1Ms <= nowMs)
        {
            OnT1Expired(nowMs);
        }

        if (_t2Ms <= nowMs && State != SctpAssociationState.Closed)
        {
            _t2Ms = null;
            if (CountError())
            {
                _rto.Backoff();
                _t2Ms = nowMs + _rto.RtoMs;
                QueueShutdownChunk();
            }
        }

        if (_outbound.T3ExpiresAtMs <= nowMs && State != SctpAssociationState.Closed)
        {
            _outbound.OnT3Expired(nowMs);
            CountError();
        }

        if (_delayedAckMs <= nowMs)
        {
            _delayedAckMs = null;
            _sackNow = true;
        }

        if (_heartbeatTimeoutMs <= nowMs && State != SctpAssociationState.Closed)
        {
            _heartbeatTimeoutMs = null;
            _rto.Backoff();
            _heartbeatDueMs = nowMs;
            CountError();
        }

        if (_reset.TimerMs <= nowMs && State != SctpAssociationState.Closed)
        {
            _reset.TimerMs = null;
            _rto.Backoff();
            _reset.SendAtMs = nowMs;
            CountError();
        }

        if (State != SctpAssociationState.Closed)
        {
            Progress(nowMs);
        }
    }

    private void OnT1Expired(long nowMs)
    {
        _t1Ms = null;
        if (++_initRetransmits > _options.MaxInitRetransmits)
        {
            Close(SctpCloseReason.Timeout);
            return;
        }

        _rto.Backoff();
        _t1Ms = nowMs + _rto.RtoMs;
        if (State == SctpAssociationState.CookieWait)
        {
            QueueInit();
        }
        else if (State == SctpAssociationState.CookieEchoed && _cookieEcho is not null)
        {
            QueueCookieEcho();
        }
    }

    /// <returns>False when the error threshold closed the association.</returns>
    private bool CountError()
    {
        if (++_errorCount > _options.MaxRetransmissions)
        {
            AbortWith(SctpCloseReason.Timeout);
            return false;
        }

        return true;
    }

    /// <summary>Moves the association forward after input: shutdown steps and reset requests.</summary>
    private void Progress(long nowMs)
    {
        if (State == SctpAssociationState.ShutdownPending && _outbound.IsIdle)
        {
            State = SctpAssociationState.ShutdownSent;
            QueueShutdownChunk();
            _t2Ms = nowMs + _rto.RtoMs;
        }
        else if (State == SctpAssociationState.ShutdownReceived && _outbound.IsIdle)
        {
            State = SctpAssociationState.ShutdownAckSent;
            QueueShutdownChunk();
            _t2Ms = nowMs + _rto.RtoMs;
        }

        if (State == SctpAssociationState.Established && _reset.InFlightStreams is null && _reset.PendingCount > 0)
        {
            ushort[]? streams = _reset.TakeReady(s => !_outbound.HasUnsent(s), (_options.Mtu - 64) / 2);
            if (streams is not null)
            {
                _reset.InFlightStreams = streams;
                _reset.InFlightSeq = _reset.NextRequestSeq++;
                _reset.InFlightLastTsn = _outbound.NextTsn - 1;
                _reset.SendAtMs = nowMs;
            }
        }
    }

    private void Close(SctpCloseReason reason)
    {
        if (State == SctpAssociationState.Closed && CloseReason != SctpCloseReason.None)
        {
            return;
        }

        DrainReady();
        State = SctpAssociationState.Closed;
        CloseReason = reason;
        _t1Ms = _t2Ms = _delayedAckMs = _heartbeatDueMs = _heartbeatTimeoutMs = null;
        _reset.TimerMs = null;
        _reset.SendAtMs = null;
        _sackNow = false;
        _controlChunks.Clear();
        SctpLog.Closed(_logger, reason);
        _events.Enqueue(new SctpEvent(SctpEventKind.Closed, 0, 0, default, null, reason));
    }

    private void Establish(long nowMs)
    {
        State = SctpAssociationState.Established;
        _t1Ms = null;
        _cookieEcho = null;
        _errorCount = 0;
        _reset.NextRequestSeq = _localInitialTsn;
        if (_options.HeartbeatIntervalMs > 0)
        {
            _heartbeatDueMs = nowMs + _options.HeartbeatIntervalMs;
        }

        SctpLog.Established(_logger, _localTag, _peerTag, OutboundStreams, InboundStreams);
        AddEvent(new SctpEvent(SctpEventKind.Established, 0, 0, default, null, SctpCloseReason.None));
    }

    private void AddEvent(SctpEvent ev)
    {
        DrainReady();
        if (_events.Count - _pendingMessageEvents >= MaxEvents)
        {
            DroppedEvents++;
            return;
        }

        _events.Enqueue(ev);
    }

    private void DrainReady()
    {
        while (_inbound.TryDequeue(out SctpReceivedMessage m))
        {
            _pendingMessageEvents++;
            _events.Enqueue(new SctpEvent(SctpEventKind.MessageReceived, m.StreamId, m.Ppid, m.Data, null, SctpCloseReason.None));
        }

        foreach (ushort s in _outbound.LowEvents)
        {
            if (_events.Count - _pendingMessageEvents < MaxEvents)
            {
                _events.Enqueue(new SctpEvent(SctpEventKind.BufferedAmountLow, s, 0, default, null, SctpCloseReason.None));
            }
        }

        _outbound.LowEvents.Clear();
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static uint RandomTag()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do
        {
            RandomNumberGenerator.Fill(b);
            v = BinaryPrimitives.ReadUInt32BigEndian(b);
        }
        while (v == 0);
        return v;
    }
}
