using System.Buffers;
using System.Net;
using System.Threading.Channels;
using RtcGateway.Server.Control;
using RtcGateway.Server.Transport;
using RtcGateway.WebRtc.DataChannels;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.Server.Sessions;

/// <summary>
/// One viewer of one camera: a <see cref="WebRtcPeer"/> driven by its own loop (one task, so the peer stays
/// single-threaded), fed from three edges — datagrams routed by the <see cref="SessionManager"/>, frames from the
/// <see cref="CameraFeed"/>, and deadlines from the <see cref="TimerWheel"/>. The frame queue is bounded
/// (<c>Gateway:WebRtc:SendQueueFrames</c>): a viewer that falls behind drops whole frames up to the next keyframe and asks
/// for one; the camera and the other viewers never wait for it.
/// <para>
/// Run-to-completion for datagrams: when the loop is idle and nothing is queued, a datagram is processed right on the
/// UDP receive thread that read it (<see cref="EnqueueDatagram"/>), instead of waking the loop: a data-channel request
/// and its reply (pong, ack) then cost no thread hand-off at all. <c>_runGate</c> makes the loop and such inline runs
/// mutually exclusive, so the peer stays single-threaded; when the gate is busy or work is queued the datagram is queued
/// behind it, as before.
/// </para>
/// </summary>
public sealed partial class ViewerSession : IAsyncDisposable
{
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WebRtcPeer _peer;
    private readonly CameraFeed _feed;
    private readonly SessionManager _manager;
    private readonly TimerWheel _wheel;
    private readonly TimerWheelEntry _timer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxQueuedFrames;
    private readonly ControlService? _control;
    private readonly Dictionary<DataChannel, SessionControlChannel> _controlChannels = new(ReferenceEqualityComparer.Instance);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _queuedFrames;
    private volatile bool _connected;
    private volatile bool _waitingForKeyframe = true;
    private bool _recovering; // only touched on the camera's thread (EnqueueFrame)
    private long _framesDropped;
    private readonly Bitrate.EstimateFrameGate _estimateGate = new(); // camera's thread only (EnqueueFrame)
    private volatile string? _dropReason;
    private int _closeRequested;
    private bool _firstFrameSent; // loop thread only
    private volatile int _loopThreadId; // the managed thread running the loop's current batch; 0 between batches
    private readonly Lock _runGate = new(); // held while the loop runs a batch or a datagram is processed inline
    private bool _ended; // under _runGate: the loop has cleaned up; nothing may touch the peer any more
    private long _inlineDatagrams;
    private int _pendingWork; // work items queued and not yet taken by the loop (the unbounded channel cannot count)

    internal ViewerSession(string id, string cameraId, string localUfrag, string? ownerConnectionId, WebRtcPeer peer, CameraFeed feed,
        SessionManager manager, TimerWheel wheel, TimeProvider time, int maxQueuedFrames, ILogger logger,
        ControlService? control = null)
    {
        _control = control;
        Id = id;
        CameraId = cameraId;
        LocalUfrag = localUfrag;
        OwnerConnectionId = ownerConnectionId;
        _peer = peer;
        _feed = feed;
        _manager = manager;
        _wheel = wheel;
        _time = time;
        _maxQueuedFrames = maxQueuedFrames;
        _logger = logger;
        _timer = wheel.CreateEntry(() => Post(new Work(WorkKind.Wake)));
        _peer.WakeRequested = () => Post(new Work(WorkKind.Wake));
        CreatedAt = time.GetUtcNow();
        Bitrate = new ViewerBitrate(id, cameraId, time);
    }

    /// <summary>The session id (URL-safe, used in the WHEP resource URL and by the hub).</summary>
    public string Id { get; }

    /// <summary>The camera this session views.</summary>
    public string CameraId { get; }

    /// <summary>The SignalR connection that created the session (the session ends with it), or null for WHEP.</summary>
    public string? OwnerConnectionId { get; }

    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Our ICE ufrag (the demultiplexing key of STUN checks).</summary>
    public string LocalUfrag { get; }

    /// <summary>True once ICE and DTLS-SRTP completed.</summary>
    public bool IsConnected => _connected;

    /// <summary>Frames dropped because this viewer fell behind: the frame that overflowed its queue and every frame skipped
    /// after it up to the next keyframe.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Completes when the session closed; the result is the reason.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the session closed, or null while open.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>The session's bandwidth estimate (its vote in the camera's encoder target) and measured send rate.</summary>
    public ViewerBitrate Bitrate { get; }

    /// <summary>Why frames were last dropped (null while none were): <see cref="QueueFullReason"/> or
    /// <see cref="BelowTargetReason"/>; either way frames are skipped up to the next keyframe.</summary>
    public string? FramesDroppedReason => _dropReason;

    /// <summary><see cref="FramesDroppedReason"/> after the bounded send queue overflowed.</summary>
    public const string QueueFullReason = "send queue full: frames skipped up to the next keyframe";

    /// <summary><see cref="FramesDroppedReason"/> after a frame did not fit the session's estimate while it was below its
    /// camera's target (<see cref="ViewerBitrate.BelowTarget"/>, <see cref="Bitrate.EstimateFrameGate"/>).</summary>
    public const string BelowTargetReason = "estimate below the camera's target: frames skipped up to the next keyframe";

    /// <summary>The peer's counters (a snapshot taken on the caller's thread; values may be slightly stale).</summary>
    public PeerStats Stats => _peer.Stats;

    /// <summary>Datagrams processed to completion on the UDP receive thread (the loop was idle), rather than queued.</summary>
    internal long DatagramsProcessedInline => Interlocked.Read(ref _inlineDatagrams);

    /// <summary>Test seam: holds the run gate on the calling thread, as a loop busy with a batch would, until disposed
    /// (on the same thread). Datagrams arriving meanwhile are queued.</summary>
    internal Lock.Scope HoldRunGateForTesting() => _runGate.EnterScope();

    /// <summary>Frames queued for this viewer's loop and not yet sent.</summary>
    internal int QueuedFrames => Volatile.Read(ref _queuedFrames);

    /// <summary>Test seam: admits frames as if ICE and DTLS-SRTP had completed (from the next keyframe on), so the
    /// bounded-queue policy can be tested without a real peer.</summary>
    internal void SimulateConnectedForTesting() => OnConnected();

    /// <summary>ICE and DTLS-SRTP completed: admit frames from the next keyframe and ask the camera for one now.</summary>
    private void OnConnected()
    {
        _waitingForKeyframe = true;
        _connected = true;
        _feed.RequestKeyframe();
    }

    /// <summary>Starts the session's loop.</summary>
    internal void Start()
    {
        _loop = Task.Run(RunAsync);
        Post(new Work(WorkKind.Wake));
    }

    /// <summary>
    /// Hands a received datagram to the session; takes ownership of the pooled <paramref name="buffer"/>. When the loop
    /// is idle and nothing is queued the datagram is processed at once on the calling (UDP receive) thread; otherwise it
    /// is queued for the loop. A datagram that arrives after the session ended is dropped.
    /// </summary>
    internal void EnqueueDatagram(byte[] buffer, int length, IPEndPoint remote)
    {
        if (Volatile.Read(ref _pendingWork) == 0 && _runGate.TryEnter())
        {
            try
            {
                if (!_ended && _loop is not null)
                {
                    RunInline(new Work(WorkKind.Datagram, buffer, length, remote));
                    return;
                }
            }
            finally
            {
                _runGate.Exit();
            }
        }

        if (!TryQueue(new Work(WorkKind.Datagram, buffer, length, remote)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Offers a frame to this viewer (called on the camera's worker thread; never blocks). Frames are skipped until
    /// the viewer is connected and then until a keyframe; when the queue is full the frame is dropped, the viewer waits
    /// for the next keyframe again and one is requested. While the session's estimate is below its camera's target
    /// (<see cref="ViewerBitrate.BelowTarget"/>), a frame that does not fit the estimate (<see cref="Bitrate.EstimateFrameGate"/>)
    /// is dropped the same way, without a keyframe request.
    /// </summary>
    internal void EnqueueFrame(PacketizedFrame frame, long captureTimeUs, bool isKeyframe)
    {
        if (!_connected)
        {
            return;
        }

        if (_waitingForKeyframe)
        {
            if (!isKeyframe)
            {
                if (_recovering)
                {
                    Interlocked.Increment(ref _framesDropped); // skipped while catching up to the next keyframe
                }

                return;
            }

            _waitingForKeyframe = false;
        }

        // A viewer whose path cannot carry its camera's target is served by frame dropping: frames that do not fit its
        // estimate are skipped up to the next keyframe (no keyframe is requested: the periodic IDR serves it, and an extra
        // IDR would cost every viewer of the camera).
        if (Bitrate.BelowTarget && Bitrate.EstimatedBitrateBps is { } estimate
            && !_estimateGate.Admit(frame.TotalBytes, isKeyframe, estimate, ViewerBitrate.NowMs(_time)))
        {
            Interlocked.Increment(ref _framesDropped);
            _dropReason = BelowTargetReason;
            _waitingForKeyframe = true;
            _recovering = true;
            return;
        }

        if (Interlocked.Increment(ref _queuedFrames) > _maxQueuedFrames)
        {
            Interlocked.Decrement(ref _queuedFrames);
            Interlocked.Increment(ref _framesDropped);
            _dropReason = QueueFullReason;
            _waitingForKeyframe = true;
            _feed.RequestKeyframe();
            if (!_recovering)
            {
                _recovering = true;
                LogTooSlow(_logger, Id, _maxQueuedFrames, FramesDropped);
            }

            return;
        }

        _recovering = false;

        frame.AddRef();
        if (!TryQueue(new Work(WorkKind.Frame, Frame: frame, CaptureTimeUs: captureTimeUs)))
        {
            Interlocked.Decrement(ref _queuedFrames);
            frame.Release();
        }
    }

    /// <summary>Asks the session to close (from any thread); completes <see cref="Closed"/> once done.</summary>
    public void RequestClose(string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            if (!TryQueue(new Work(WorkKind.Close, Reason: reason)))
            {
                _closed.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        RequestClose("gateway shutting down");
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private void Post(Work work) => TryQueue(work);

    /// <summary>Queues work for the loop, counting it in <c>_pendingWork</c> first (so an inline run never overtakes
    /// queued work). False when the session ended.</summary>
    private bool TryQueue(in Work work)
    {
        Interlocked.Increment(ref _pendingWork);
        if (_work.Writer.TryWrite(work))
        {
            return true;
        }

        Interlocked.Decrement(ref _pendingWork);
        return false;
    }

    private PeerTime Now() =>
        new(_wheel.NowMs, (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000));

    private async Task RunAsync()
    {
        while (await _work.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            using (_runGate.EnterScope())
            {
                if (!Run(inline: null))
                {
                    _ended = true;
                    Cleanup();
                    return;
                }
            }
        }

        using (_runGate.EnterScope())
        {
            _ended = true;
            Cleanup();
        }
    }

    /// <summary>
    /// Holding <c>_runGate</c>: processes <paramref name="inline"/> (a datagram on the UDP receive thread, the loop being
    /// idle) or, when null, everything queued (the loop), then hands out the peer's events and re-arms the timer.
    /// False once the session is over.
    /// </summary>
    private bool Run(Work? inline)
    {
        _loopThreadId = Environment.CurrentManagedThreadId;
        try
        {
            if (inline is { } work)
            {
                Process(work);
            }
            else
            {
                while (_work.Reader.TryRead(out Work queued))
                {
                    Interlocked.Decrement(ref _pendingWork);
                    Process(queued);
                    if (_peer.State == PeerState.Closed)
                    {
                        break;
                    }
                }
            }

            return FinishRun();
        }
        catch (Exception ex)
        {
            FailInternally(ex);
            return false;
        }
        finally
        {
            _loopThreadId = 0;
        }
    }

    /// <summary>UDP receive thread, holding <c>_runGate</c> with the loop idle: processes one datagram to completion.
    /// If that ended the session, the loop is woken to clean up.</summary>
    private void RunInline(in Work work)
    {
        Interlocked.Increment(ref _inlineDatagrams);
        if (!Run(work))
        {
            Post(new Work(WorkKind.Wake)); // the loop sees the closed peer and cleans up
        }
    }

    /// <summary>After a run: hands out the peer's events and re-arms the session's timer. False when the peer closed.</summary>
    private bool FinishRun()
    {
        DrainEvents();
        if (_peer.State == PeerState.Closed)
        {
            return false;
        }

        long? next = _peer.NextTimeoutMs;
        if (next is { } deadline)
        {
            _wheel.Schedule(_timer, deadline);
        }
        else
        {
            _wheel.Cancel(_timer);
        }

        return true;
    }

    private void FailInternally(Exception ex)
    {
        // A bug in one session must end that session only.
        LogSessionFailed(_logger, Id, ex);
        _peer.Close("internal error: " + ex.Message, Now());
        DrainEvents();
    }

    private void Process(in Work work)
    {
        switch (work.Kind)
        {
            case WorkKind.Datagram:
                try
                {
                    _peer.HandleDatagram(work.Buffer.AsSpan(0, work.Length), work.Remote!, Now());
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(work.Buffer!);
                }

                break;
            case WorkKind.Frame:
                Interlocked.Decrement(ref _queuedFrames);
                try
                {
                    if (_peer.SendFrame(work.Frame!, work.CaptureTimeUs, Now()) && !_firstFrameSent)
                    {
                        _firstFrameSent = true;
                        LogFirstFrame(_logger, Id, work.Frame!.IsKeyframe);
                    }
                }
                finally
                {
                    work.Frame!.Release();
                }

                break;
            case WorkKind.Wake:
                _peer.HandleTimeout(Now());
                break;
            case WorkKind.Close:
                _peer.Close(work.Reason ?? "closed", Now());
                break;
            case WorkKind.SendText:
                SendControlText(work.Channel!, work.Reason!);
                break;
        }
    }

    private void DrainEvents()
    {
        while (_peer.TryPollEvent(out PeerEvent e))
        {
            switch (e.Kind)
            {
                case PeerEventKind.Connected:
                    OnConnected();
                    LogConnected(_logger, Id, CameraId, _peer.Remote);
                    break;
                case PeerEventKind.KeyframeRequested:
                    LogKeyframeRequested(_logger, Id, e.Reason ?? "RTCP");
                    _feed.RequestKeyframe();
                    break;
                case PeerEventKind.Closed:
                    CloseReason = e.Reason;
                    break;
                case PeerEventKind.DataChannelOpened:
                    OnDataChannelOpened(e.Channel!);
                    break;
                case PeerEventKind.DataChannelMessage:
                    OnDataChannelMessage(e.Channel!, e.IsText, e.Data);
                    break;
                case PeerEventKind.DataChannelClosed:
                    if (_controlChannels.Remove(e.Channel!, out SessionControlChannel? closed))
                    {
                        _control?.Close(closed, "control channel closed");
                    }

                    break;
            }
        }
    }

    private void SendControlText(DataChannel channel, string json)
    {
        if (channel.State == DataChannelState.Open && _peer.State != PeerState.Closed)
        {
            _peer.SendDataChannelText(channel, json, Now());
        }
    }

    /// <summary>Label of the diagnostic channel whose messages are sent straight back (text as text, binary as binary).</summary>
    public const string EchoChannelLabel = "echo";

    private void OnDataChannelOpened(DataChannel channel)
    {
        if (channel.Label == ControlService.ChannelLabel && _control is not null)
        {
            var control = new SessionControlChannel(this, channel);
            _controlChannels[channel] = control;
            _control.Open(control);
        }

        LogChannelOpened(_logger, Id, channel.Label, channel.Id);
    }

    private void OnDataChannelMessage(DataChannel channel, bool isText, ReadOnlyMemory<byte> data)
    {
        if (_controlChannels.TryGetValue(channel, out SessionControlChannel? control))
        {
            if (isText)
            {
                _control!.Receive(control, System.Text.Encoding.UTF8.GetString(data.Span));
            }
            else
            {
                control.SendText("{\"type\":\"error\",\"reason\":\"control messages are JSON text\"}");
            }
        }
        else if (channel.Label == EchoChannelLabel)
        {
            if (isText)
            {
                _peer.SendDataChannelText(channel, System.Text.Encoding.UTF8.GetString(data.Span), Now());
            }
            else
            {
                _peer.SendDataChannelBinary(channel, data.Span, Now());
            }
        }
    }

    private void Cleanup()
    {
        _connected = false;
        foreach (SessionControlChannel control in _controlChannels.Values)
        {
            _control?.Close(control, "session ended: " + (CloseReason ?? _peer.CloseReason ?? "closed"));
        }

        _controlChannels.Clear();
        _wheel.Cancel(_timer);
        _feed.Detach(this);
        _work.Writer.TryComplete();
        while (_work.Reader.TryRead(out Work work))
        {
            if (work.Kind == WorkKind.Datagram)
            {
                ArrayPool<byte>.Shared.Return(work.Buffer!);
            }
            else if (work.Kind == WorkKind.Frame)
            {
                work.Frame!.Release();
            }
        }

        CloseReason ??= _peer.CloseReason ?? "closed";
        _peer.Dispose();
        _manager.OnSessionClosed(this, CloseReason);
        _closed.TrySetResult();
    }

    private enum WorkKind : byte
    {
        Datagram,
        Frame,
        Wake,
        Close,
        SendText,
    }

    private readonly record struct Work(
        WorkKind Kind, byte[]? Buffer = null, int Length = 0, IPEndPoint? Remote = null, PacketizedFrame? Frame = null,
        long CaptureTimeUs = 0, string? Reason = null, DataChannel? Channel = null);

    /// <summary>The <c>control</c> channel as the <see cref="ControlService"/> sees it: sending posts to the session's loop.</summary>
    private sealed class SessionControlChannel(ViewerSession session, DataChannel channel) : IControlChannel
    {
        public string SessionId => session.Id;

        public string CameraId => session.CameraId;

        public void SendText(string json)
        {
            // A reply produced while the session's loop handles the request (pong, ack, lease, error) leaves at once; other
            // threads (deadman timer, robot telemetry) post to the loop. Saves a thread hop on the control RTT path.
            if (Environment.CurrentManagedThreadId == session._loopThreadId)
            {
                session.SendControlText(channel, json);
            }
            else
            {
                session.Post(new Work(WorkKind.SendText, Reason: json, Channel: channel));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: viewer is too slow ({Max} frames queued), dropping frames up to the next keyframe ({Dropped} dropped so far)")]
    private static partial void LogTooSlow(ILogger logger, string sessionId, int max, long dropped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} ({CameraId}) connected from {Remote}")]
    private static partial void LogConnected(ILogger logger, string sessionId, string cameraId, IPEndPoint? remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: data channel '{Label}' (stream {StreamId}) opened")]
    private static partial void LogChannelOpened(ILogger logger, string sessionId, string label, ushort streamId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: the viewer asked for a keyframe ({Reason})")]
    private static partial void LogKeyframeRequested(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: first frame sent (keyframe {Keyframe})")]
    private static partial void LogFirstFrame(ILogger logger, string sessionId, bool keyframe);

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} failed")]
    private static partial void LogSessionFailed(ILogger logger, string sessionId, Exception exception);
}
