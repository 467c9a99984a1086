using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Sans-IO facade over a BouncyCastle 2.x (BouncyCastle.Cryptography) DTLS 1.2 server for DTLS-SRTP (RFC 6347,
/// RFC 5764); we are always the DTLS server (<c>a=setup:passive</c>).
/// <para>
/// The owner's single loop feeds records with <see cref="HandleDatagram"/> (RFC 7983 first byte 20–63), drains
/// <see cref="TryPollDatagram"/> (each ≤ <see cref="MaxDatagramSize"/> bytes), <see cref="TryPollEvent"/> and
/// <see cref="TryPollApplicationData"/>, and sends with <see cref="SendApplicationData"/>. <see cref="OutputAvailable"/>
/// wakes the loop.
/// </para>
/// <para>
/// Threads: BouncyCastle's <c>DtlsServerProtocol.Accept</c> blocks and runs its own retransmission and handshake timers,
/// so each handshaking session occupies ONE background "engine" thread, a new one or one of the shared
/// <see cref="DtlsEngineThreads"/> (the single documented exception to "no threads" in WebRtc). The engine only runs the
/// handshake and ends (its thread exits or returns to the shared set) when it completes, fails, times out or the session
/// is disposed. From <see cref="DtlsState.Connected"/> on, every record (application data, alerts, a retransmitted client
/// Finished flight) is processed inline on the owner's thread inside <see cref="HandleDatagram"/>: the record goes into
/// the transport's queue and the owner calls BouncyCastle's public <c>DtlsTransport.Receive</c>, which takes it from there
/// without waiting (see <see cref="QueuedDatagramTransport"/>), so received application data can be polled as soon as
/// <see cref="HandleDatagram"/> returns — no thread hop on the data-channel path. Every public member is meant to be
/// called from the owner's loop (the properties are safe to read from any thread).
/// </para>
/// </summary>
public sealed class DtlsServerSession : IDisposable
{
    /// <summary>Largest datagram the session emits, in bytes (WebRTC path MTU budget; the send limit given to BouncyCastle).</summary>
    public const int MaxDatagramSize = 1200;

    /// <summary>Largest record accepted by <see cref="HandleDatagram"/>: 13-byte header + 2^14 + 2048 (RFC 6347 §4.1).</summary>
    public const int MaxRecordSize = DtlsRecordHeader.Size + DtlsRecordHeader.MaxFragmentLength;

    /// <summary>Default handshake timeout: 10 s from the engine start (first record) to Finished.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    private const int InboundRecordCapacity = 128;
    private const int OutboundDatagramCapacity = 256;
    private const int ApplicationDataCapacity = 256;

    private readonly DtlsCertificate _certificate;
    private readonly DtlsSrtpServer _server;
    private readonly QueuedDatagramTransport _transport;
    private readonly DtlsRecordCallback _onRecordAuthenticated;
    private readonly ILogger _logger;
    private readonly int _sessionId;
    private readonly Lock _stateGate = new();
    // BouncyCastle's record layer is not thread-safe: the owner's drains, sends and close, and the engine's hand-off drain
    // hold this lock while they use the connected DtlsTransport.
    private readonly Lock _recordLayerLock = new();
    private readonly ConcurrentQueue<DtlsEvent> _events = new();
    private readonly PooledPacketQueue _applicationData = new(ApplicationDataCapacity);
    private readonly ManualResetEventSlim _engineExited = new(false);
    private volatile int _state = (int)DtlsState.New;
    private volatile bool _closeRequested;
    private string? _failureReason;
    private DtlsTransport? _dtls;
    private readonly DtlsEngineThreads? _engineThreads;
    private volatile bool _engineStarted;
    private int _maxApplicationDataSize;
    private long _malformedDatagrams;
    private long _droppedApplicationData;
    private readonly byte[] _plaintextBuffer = new byte[DtlsRecordHeader.MaxFragmentLength];
    private long _discardedRecords;
    private long _authenticatedRecords;
    private byte[] _keyingMaterial = [];
    private ushort _selectedSrtpProfile;
    private bool _disposed;

    /// <summary>Creates a session in <see cref="DtlsState.New"/>; nothing runs until <see cref="Start"/> or the first record.</summary>
    /// <param name="certificate">Our certificate (shared, see <see cref="DtlsCertificate"/>).</param>
    /// <param name="expectedRemoteFingerprintSha256">The 32-byte SHA-256 from the offer's <c>a=fingerprint:sha-256</c>
    /// (parse with <see cref="DtlsFingerprint.TryParseSdp"/>); the client's certificate must match it.</param>
    /// <param name="handshakeTimeout">Handshake deadline (default <see cref="DefaultHandshakeTimeout"/>), enforced by
    /// BouncyCastle's own clock; on expiry the session becomes <see cref="DtlsState.Failed"/>.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="engineThreads">Shared reused threads for the handshake (<see cref="DtlsEngineThreads"/>); null starts
    /// one new thread for this session's handshake.</param>
    /// <exception cref="ArgumentException">The fingerprint is not 32 bytes, or the timeout is not positive.</exception>
    public DtlsServerSession(DtlsCertificate certificate, ReadOnlySpan<byte> expectedRemoteFingerprintSha256,
        TimeSpan? handshakeTimeout = null, ILogger<DtlsServerSession>? logger = null, DtlsEngineThreads? engineThreads = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (expectedRemoteFingerprintSha256.Length != DtlsFingerprint.Sha256Length)
        {
            throw new ArgumentException("a SHA-256 fingerprint is 32 bytes", nameof(expectedRemoteFingerprintSha256));
        }

        TimeSpan timeout = handshakeTimeout ?? DefaultHandshakeTimeout;
        if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException("handshake timeout must be positive", nameof(handshakeTimeout));
        }

        _certificate = certificate;
        _engineThreads = engineThreads;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _sessionId = RuntimeHelpers.GetHashCode(this);
        _server = new DtlsSrtpServer(new DtlsCrypto(new SecureRandom()), certificate, expectedRemoteFingerprintSha256.ToArray(),
            (int)timeout.TotalMilliseconds)
        {
            AlertRaised = (level, description) => LogAlert("sent", level, description),
            AlertReceived = (level, description) => LogAlert("received", level, description),
        };
        _transport = new QueuedDatagramTransport(InboundRecordCapacity, OutboundDatagramCapacity, MaxDatagramSize, MaxRecordSize)
        {
            OutputAvailable = RaiseOutputAvailable,
        };
        _onRecordAuthenticated = _ => _authenticatedRecords++;
    }

    /// <summary>
    /// Wakes the owner's loop when datagrams, events or application data can be polled. Invoked on the engine thread
    /// (handshake flights and events, and once at Connected for data that arrived while the handshake finished), or on the
    /// thread calling <see cref="HandleDatagram"/>/<see cref="SendApplicationData"/>/<see cref="Close"/> when a datagram or
    /// event was queued; application data decrypted inside <see cref="HandleDatagram"/> is not signalled (poll after the
    /// call). It must only signal (e.g. write to a channel), never poll the session inline from another thread than the
    /// owner's. Exceptions are logged and ignored.
    /// </summary>
    public Action? OutputAvailable { get; set; }

    /// <summary>Current state (readable from any thread).</summary>
    public DtlsState State => (DtlsState)_state;

    /// <summary>Why the session failed (e.g. "fingerprint mismatch", "handshake timeout"); null unless <see cref="DtlsState.Failed"/>.</summary>
    public string? FailureReason
    {
        get
        {
            lock (_stateGate)
            {
                return _failureReason;
            }
        }
    }

    /// <summary>
    /// Negotiated SRTP protection profile (<see cref="DtlsSrtpProfile.Aes128CmHmacSha1_80"/> or
    /// <see cref="DtlsSrtpProfile.AeadAes128Gcm"/>); 0 until <see cref="DtlsState.Connected"/>.
    /// </summary>
    public ushort SelectedSrtpProfile => State == DtlsState.Connected || _keyingMaterial.Length > 0 ? _selectedSrtpProfile : (ushort)0;

    /// <summary>
    /// Exported keying material (RFC 5764 §4.2, label "EXTRACTOR-dtls_srtp"): 60 bytes for 0x0001, 56 for 0x0007, laid out
    /// client key | server key | client salt | server salt (we protect with the server key/salt). Empty until
    /// <see cref="DtlsState.Connected"/>. Do not modify.
    /// </summary>
    public byte[] KeyingMaterial => _keyingMaterial;

    /// <summary>SHA-256 over the DER of the client's first certificate (32 bytes) once received; empty before.</summary>
    public byte[] RemoteCertificateFingerprintSha256 => _server.RemoteFingerprint ?? [];

    /// <summary>Our certificate's SHA-256 fingerprint (for the SDP answer).</summary>
    public byte[] LocalCertificateFingerprintSha256 => _certificate.FingerprintSha256;

    /// <summary>
    /// Largest payload <see cref="SendApplicationData"/> accepts, in bytes: <see cref="MaxDatagramSize"/> minus record
    /// header and cipher overhead (1,163 for AES_128_GCM suites); 0 until <see cref="DtlsState.Connected"/>.
    /// </summary>
    public int MaxApplicationDataSize => Volatile.Read(ref _maxApplicationDataSize);

    /// <summary>Datagrams (or their tails) dropped because a record header was malformed (<see cref="DtlsRecordHeader.TryRead"/>).</summary>
    public long MalformedDatagrams => Interlocked.Read(ref _malformedDatagrams);

    /// <summary>Well-formed records dropped because the inbound queue (128 records) was full or the session had ended.</summary>
    public long DroppedInboundRecords => _transport.DroppedInbound;

    /// <summary>Outgoing datagrams dropped because the owner did not drain the queue (256 datagrams).</summary>
    public long DroppedOutboundDatagrams => _transport.DroppedOutbound;

    /// <summary>
    /// Records of the connected session that BouncyCastle discarded without authenticating them: a forged or corrupted
    /// record (bad_record_mac), a replay (RFC 6347 §4.1.2.6 window), an unknown epoch or a malformed header. Silently
    /// discarded as RFC 6347 §4.1.2.7 recommends; the session stays up.
    /// </summary>
    public long DiscardedRecords => Interlocked.Read(ref _discardedRecords);

    /// <summary>Received application data records dropped because the owner did not drain them (256 records).</summary>
    public long DroppedApplicationData => Interlocked.Read(ref _droppedApplicationData);

    /// <summary>The exception that ended the engine thread, if any (tests, diagnostics).</summary>
    internal Exception? EngineException { get; private set; }

    /// <summary>True while the engine thread is alive (tests, diagnostics).</summary>
    internal bool EngineRunning => _engineStarted && !_engineExited.IsSet;

    /// <summary>
    /// Starts the handshake engine if the session is <see cref="DtlsState.New"/> (on the shared
    /// <see cref="DtlsEngineThreads"/> if one was given, else on a new thread); otherwise does nothing. If the shared
    /// threads were disposed, the session fails ("DTLS engine threads disposed").
    /// </summary>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_stateGate)
        {
            if (_state != (int)DtlsState.New)
            {
                return;
            }

            _state = (int)DtlsState.Handshaking;
            _engineStarted = true;
        }

        if (_engineThreads is null)
        {
            new Thread(RunEngine) { IsBackground = true, Name = "dtls-engine" }.Start();
        }
        else if (!_engineThreads.TryRun(RunEngine))
        {
            _engineExited.Set();
            SetTerminal(DtlsState.Failed, "DTLS engine threads disposed", null);
            _transport.Stop(discardOutput: false);
        }
    }

    /// <summary>
    /// Accepts one UDP datagram carrying DTLS (RFC 7983: first byte 20–63). The datagram is split into records
    /// (RFC 6347 §4.1); malformed tails are dropped and counted (<see cref="MalformedDatagrams"/>). During the handshake
    /// records are copied into the bounded inbound queue for the engine thread (the first accepted record starts it);
    /// once <see cref="DtlsState.Connected"/> they go through the same queue (which keeps their order behind records that
    /// arrived while the handshake finished) and are processed before this method returns, so decrypted application
    /// data, events and any reply (close_notify, a retransmitted final flight) can be polled at once. Never throws on wire
    /// input; ignored after the session ended.
    /// </summary>
    public void HandleDatagram(ReadOnlySpan<byte> datagram)
    {
        if (_disposed || _state is (int)DtlsState.Failed or (int)DtlsState.Closed)
        {
            return;
        }

        bool accepted = false;
        int offset = 0;
        while (offset < datagram.Length)
        {
            DtlsRecordError error = DtlsRecordHeader.TryRead(datagram[offset..], out DtlsRecordHeader header);
            if (error != DtlsRecordError.None)
            {
                Interlocked.Increment(ref _malformedDatagrams);
                DtlsLog.MalformedDatagram(_logger, _sessionId, error);
                break;
            }

            accepted |= _transport.TryEnqueueInbound(datagram.Slice(offset, header.RecordLength));

            offset += header.RecordLength;
        }

        if (accepted && _state == (int)DtlsState.New)
        {
            Start();
        }
        else if (offset > 0 && _state == (int)DtlsState.Connected)
        {
            DrainConnected();
        }
    }

    /// <summary>
    /// Copies the next outgoing datagram (≤ <see cref="MaxDatagramSize"/> bytes) into <paramref name="destination"/>.
    /// Returns false when none is queued.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the datagram; pass
    /// <see cref="MaxDatagramSize"/> bytes.</exception>
    public bool TryPollDatagram(Span<byte> destination, out int length) =>
        _transport.TryDequeueOutbound(destination, out length);

    /// <summary>Dequeues the next state-change event (Connected, Failed, Closed). Returns false when none is queued.</summary>
    public bool TryPollEvent(out DtlsEvent dtlsEvent) => _events.TryDequeue(out dtlsEvent);

    /// <summary>
    /// Copies the next received application-data record (decrypted; SCTP packets in WebRTC) into
    /// <paramref name="destination"/>. Returns false when none is queued.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the record; pass at least
    /// <see cref="DtlsRecordHeader.MaxFragmentLength"/> bytes, or <see cref="MaxDatagramSize"/> when peers respect the MTU.</exception>
    public bool TryPollApplicationData(Span<byte> destination, out int length) =>
        _applicationData.TryDequeue(destination, out length);

    /// <summary>
    /// Encrypts <paramref name="data"/> as one application_data record and queues it for <see cref="TryPollDatagram"/>.
    /// Returns false when not <see cref="DtlsState.Connected"/> (or the send failed, which fails the session).
    /// Empty payloads are ignored (true).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> exceeds <see cref="MaxApplicationDataSize"/>.</exception>
    public bool SendApplicationData(ReadOnlySpan<byte> data)
    {
        DtlsTransport? dtls = Volatile.Read(ref _dtls);
        if (_state != (int)DtlsState.Connected || dtls is null)
        {
            return false;
        }

        if (data.Length > MaxApplicationDataSize)
        {
            throw new ArgumentException($"payload of {data.Length} bytes exceeds {MaxApplicationDataSize}", nameof(data));
        }

        if (data.IsEmpty)
        {
            return true;
        }

        try
        {
            using (_recordLayerLock.EnterScope())
            {
                if (_transport.IsStopped)
                {
                    return false;
                }

                dtls.Send(data);
            }

            return true;
        }
        catch (Exception exception)
        {
            SetTerminal(DtlsState.Failed, "application data send failed: " + exception.Message, exception);
            _transport.Stop(discardOutput: false);
            return false;
        }
    }

    /// <summary>
    /// Closes the session: when connected, queues a close_notify alert (RFC 5246 §7.2.1) for <see cref="TryPollDatagram"/>;
    /// during the handshake, aborts it. State becomes <see cref="DtlsState.Closed"/> at once (unless already terminal) and
    /// the engine thread ends shortly after. Idempotent.
    /// </summary>
    public void Close()
    {
        if (_disposed)
        {
            return;
        }

        _closeRequested = true;
        DtlsTransport? dtls = Volatile.Read(ref _dtls);
        if (dtls is not null && _state == (int)DtlsState.Connected)
        {
            try
            {
                using (_recordLayerLock.EnterScope())
                {
                    dtls.Close();
                }
            }
            catch (Exception)
            {
                // Closing is best effort: the session ends either way.
            }
        }

        SetTerminal(DtlsState.Closed, "closed by owner", null);
        _transport.Stop(discardOutput: false);
    }

    /// <summary>
    /// Closes the session (see <see cref="Close"/>) and discards queued output, including the close_notify (call
    /// <see cref="Close"/> and drain first to deliver it). Does not wait for the engine thread, which ends by itself.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Close();
        _disposed = true;
        _transport.Stop(discardOutput: true);
        _applicationData.Clear();
    }

    /// <summary>Test hook: waits (real time) until the engine thread has ended, or returns false after <paramref name="timeout"/>.</summary>
    internal bool WaitForEngineExit(TimeSpan timeout) => !_engineStarted || _engineExited.Wait(timeout);

    /// <summary>Test hook: waits until the engine has consumed all queued records (or ended).</summary>
    internal bool WaitIdle(int timeoutMillis) =>
        !_engineStarted || _transport.WaitIdle(timeoutMillis, () => _engineExited.IsSet);

    private void RunEngine()
    {
        DtlsLog.EngineStarted(_logger, _sessionId);
        bool handedOff = false;
        try
        {
            DtlsTransport dtls = new DtlsServerProtocol().Accept(_server, _transport);
            byte[] keyingMaterial = _server.KeyingMaterial
                ?? throw new InvalidOperationException("keying material was not exported");
            _selectedSrtpProfile = _server.SelectedSrtpProfile;
            Volatile.Write(ref _maxApplicationDataSize, dtls.GetSendLimit());

            // From here the owner processes records inline (HandleDatagram) through the public DtlsTransport.Receive; the
            // transport stops waiting for records. Records that arrived while the handshake was finishing stay queued, in
            // order, ahead of the owner's next ones; whoever holds the record-layer lock first drains them.
            _transport.HandOffToOwner();
            handedOff = true;
            lock (_stateGate)
            {
                if (_state != (int)DtlsState.Handshaking)
                {
                    return;
                }

                _keyingMaterial = keyingMaterial;
                Volatile.Write(ref _dtls, dtls);
                _state = (int)DtlsState.Connected;
            }

            _events.Enqueue(new DtlsEvent(DtlsEventKind.Connected, null));
            DtlsLog.Connected(_logger, _sessionId, _selectedSrtpProfile);
            DrainConnected();
            RaiseOutputAvailable();
        }
        catch (Exception exception)
        {
            Classify(exception, connected: false);
        }
        finally
        {
            if (!handedOff || _state != (int)DtlsState.Connected)
            {
                _transport.Stop(discardOutput: _disposed);
            }

            _engineExited.Set();
            _transport.NotifyEngineExited();
        }
    }

    /// <summary>
    /// Connected sessions (the owner's thread, or the engine's once at hand-off): processes every queued record, in
    /// arrival order, through BouncyCastle's public <c>DtlsTransport.Receive</c> under the record-layer lock: epoch and
    /// replay checks (RFC 6347 §4.1.2.6), decryption, alerts, change_cipher_spec and a retransmitted client Finished flight
    /// (which makes BouncyCastle resend ours). Application data goes to the application-data queue, for the owner to poll
    /// after <see cref="HandleDatagram"/> (or after the hand-off's <see cref="OutputAvailable"/>). The transport never
    /// waits in owner mode, so this returns as soon as the queue is empty. A record that fails authentication is discarded
    /// and counted (RFC 6347 §4.1.2.7; BouncyCastle 2.x drops it itself); a received fatal alert or close_notify ends the
    /// session (see <see cref="Classify"/>).
    /// </summary>
    private void DrainConnected()
    {
        using (_recordLayerLock.EnterScope())
        {
            DtlsTransport? dtls = Volatile.Read(ref _dtls);
            if (dtls is null)
            {
                return;
            }

            long delivered = _transport.DeliveredToOwner;
            long authenticated = _authenticatedRecords;
            try
            {
                while (_state == (int)DtlsState.Connected && !_disposed && _transport.HasInbound)
                {
                    // waitMillis 1 (0 would mean "forever"): the transport never actually waits in owner mode.
                    int received = dtls.Receive(_plaintextBuffer, 0, _plaintextBuffer.Length, 1, _onRecordAuthenticated);
                    if (received >= 0)
                    {
                        EnqueueApplicationData(_plaintextBuffer.AsSpan(0, received));
                    }
                    else if (_transport.IsStopped)
                    {
                        // BouncyCastle closed its transport: a close_notify arrived (and was answered with ours).
                        Classify(null, connected: true);
                    }
                }
            }
            catch (Exception exception)
            {
                Classify(exception, connected: true);
                _transport.Stop(discardOutput: _disposed);
            }
            finally
            {
                long discarded = _transport.DeliveredToOwner - delivered - (_authenticatedRecords - authenticated);
                if (discarded > 0)
                {
                    Interlocked.Add(ref _discardedRecords, discarded);
                    DtlsLog.RecordsDiscarded(_logger, _sessionId, discarded);
                }
            }
        }
    }

    private void Classify(Exception? exception, bool connected)
    {
        EngineException = exception;
        if (_closeRequested)
        {
            SetTerminal(DtlsState.Closed, "closed by owner", null);
        }
        else if (_server.FailureReason is { } reason)
        {
            SetTerminal(DtlsState.Failed, reason, null);
        }
        else if (_server.CloseNotifyReceived)
        {
            SetTerminal(DtlsState.Closed, "close_notify received", null);
        }
        else if (_server.FatalAlertReceived is { } alert)
        {
            SetTerminal(DtlsState.Failed, "fatal alert received: " + AlertDescription.GetText(alert), null);
        }
        else if (exception is null)
        {
            SetTerminal(DtlsState.Closed, "record layer closed", null);
        }
        else if (!connected && IsHandshakeTimeout(exception))
        {
            SetTerminal(DtlsState.Failed, "handshake timeout", null);
        }
        else
        {
            string description = exception is TlsFatalAlert fatal
                ? "fatal alert sent: " + AlertDescription.GetText(fatal.AlertDescription)
                : exception.GetType().Name + ": " + exception.Message;
            SetTerminal(DtlsState.Failed, description, exception);
        }
    }

    // BouncyCastle 2.x throws TlsTimeoutException when GetHandshakeTimeoutMillis expires (DtlsServerProtocol rethrows
    // IOExceptions as they are; look through wrappers anyway).
    private static bool IsHandshakeTimeout(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TlsTimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private void EnqueueApplicationData(ReadOnlySpan<byte> data)
    {
        if (_disposed || !_applicationData.TryEnqueue(data))
        {
            Interlocked.Increment(ref _droppedApplicationData);
        }
    }

    private void SetTerminal(DtlsState state, string reason, Exception? exception)
    {
        lock (_stateGate)
        {
            if (_state is (int)DtlsState.Failed or (int)DtlsState.Closed)
            {
                return;
            }

            _failureReason = state == DtlsState.Failed ? reason : null;
            _state = (int)state;
        }

        if (state == DtlsState.Failed)
        {
            DtlsLog.Failed(_logger, _sessionId, reason, exception);
            _events.Enqueue(new DtlsEvent(DtlsEventKind.Failed, reason));
        }
        else
        {
            DtlsLog.Closed(_logger, _sessionId, reason);
            _events.Enqueue(new DtlsEvent(DtlsEventKind.Closed, reason));
        }

        RaiseOutputAvailable();
    }

    private void LogAlert(string direction, short level, short description)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            DtlsLog.Alert(_logger, _sessionId, direction, level, AlertDescription.GetText(description));
        }
    }

    private void RaiseOutputAvailable()
    {
        try
        {
            OutputAvailable?.Invoke();
        }
        catch (Exception exception)
        {
            DtlsLog.CallbackFailed(_logger, _sessionId, exception);
        }
    }
}
