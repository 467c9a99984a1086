using System.Buffers;
using System.Collections.Concurrent;
using Org.BouncyCastle.Crypto.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle <see cref="DatagramTransport"/> backed by queues, so the blocking BouncyCastle engine (on its own
/// thread) can be fed and drained by a Sans-IO owner.
/// <list type="bullet">
/// <item>Inbound: bounded queue of records (<see cref="TryEnqueueInbound(ReadOnlySpan{byte})"/>, any thread); <see cref="Receive"/> (engine
/// thread) blocks on it and returns -1 on timeout, as BouncyCastle 1.8.10 requires.</item>
/// <item>Outbound: <see cref="Send"/> (engine thread, or the owner while it holds <see cref="RecordLayerLock"/>) copies each
/// datagram into a pooled buffer in a bounded queue and raises <see cref="OutputAvailable"/>;
/// <see cref="TryDequeueOutbound"/> drains it (single consumer).</item>
/// <item>Record-layer exclusion: BouncyCastle's record layer is not thread-safe. The engine thread holds
/// <see cref="RecordLayerLock"/> from the moment <see cref="Receive"/> hands it a record until it next calls
/// <see cref="Receive"/> (or <see cref="ReleaseRecordLayer"/>), i.e. while it processes that record; the owner takes the
/// same lock around its own record-layer calls (application data send, close).</item>
/// <item>Hand-off (<see cref="HandOffToOwner"/>): once the handshake is done the owner processes records itself, so
/// the queue stops accepting them (<see cref="TryEnqueueInbound(ReadOnlySpan{byte}, out bool)"/> reports it) and the
/// engine drains what was queued before (<see cref="TryDequeueInbound"/>).</item>
/// </list>
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _inbound = new();
    private readonly PooledPacketQueue _outbound;
    private readonly int _inboundCapacity;
    private readonly int _sendLimit;
    private readonly int _receiveLimit;
    private readonly bool _lockRecordLayer;
    private bool _ownerReceives;
    private bool _stopped;
    private bool _discardOutput;
    private bool _engineHoldsRecordLayer;
    private long _droppedInbound;
    private long _droppedOutbound;

    /// <param name="inboundCapacity">Max queued inbound records; more are dropped and counted.</param>
    /// <param name="outboundCapacity">Max queued outbound datagrams; more are dropped and counted.</param>
    /// <param name="sendLimit">Largest datagram the engine may send (bytes); 1,200 for WebRTC paths.</param>
    /// <param name="receiveLimit">Largest record the engine reads (bytes).</param>
    /// <param name="lockRecordLayer">Hold <see cref="RecordLayerLock"/> while the engine processes a record (server
    /// sessions); false when one thread owns the BouncyCastle objects at a time (test client).</param>
    public QueuedDatagramTransport(int inboundCapacity, int outboundCapacity, int sendLimit, int receiveLimit,
        bool lockRecordLayer)
    {
        _lockRecordLayer = lockRecordLayer;
        _inboundCapacity = inboundCapacity;
        _outbound = new PooledPacketQueue(outboundCapacity);
        _sendLimit = sendLimit;
        _receiveLimit = receiveLimit;
    }

    /// <summary>Raised after a datagram is queued for output (on the sending thread). Must not throw or block long.</summary>
    public Action? OutputAvailable { get; set; }

    /// <summary>Serialises BouncyCastle record-layer use between the engine thread and the owner.</summary>
    public Lock RecordLayerLock { get; } = new();

    /// <summary>Inbound records dropped because the queue was full or the transport stopped.</summary>
    public long DroppedInbound => Interlocked.Read(ref _droppedInbound);

    /// <summary>Outbound datagrams dropped because the queue was full.</summary>
    public long DroppedOutbound => Interlocked.Read(ref _droppedOutbound);

    /// <summary>True once <see cref="Stop"/> or <see cref="Close"/> ran.</summary>
    public bool IsStopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped;
            }
        }
    }

    /// <summary>
    /// True when the engine's most recent <see cref="Receive"/> timed out (returned -1) rather than delivering a record.
    /// BouncyCastle 1.8.10 reports its handshake timeout as a bare handshake_failure alert; this tells it apart from a
    /// negotiation failure, which follows a received record.
    /// </summary>
    public bool LastReceiveTimedOut { get; private set; }

    /// <summary>True while the engine thread is blocked in <see cref="Receive"/> with nothing queued (test hook).</summary>
    public bool IsIdle { get; private set; }

    /// <summary>Copies <paramref name="record"/> into the inbound queue. False (and counted) when full or stopped.</summary>
    public bool TryEnqueueInbound(ReadOnlySpan<byte> record) => TryEnqueueInbound(record, out _);

    /// <summary>
    /// Copies <paramref name="record"/> into the inbound queue. False when full or stopped (counted), or when
    /// <see cref="HandOffToOwner"/> has run: then <paramref name="ownerReceives"/> is true (decided under the same lock as
    /// the enqueue, so each record is either queued for the engine or left to the caller) and the caller processes the
    /// record itself.
    /// </summary>
    public bool TryEnqueueInbound(ReadOnlySpan<byte> record, out bool ownerReceives)
    {
        lock (_gate)
        {
            ownerReceives = _ownerReceives && !_stopped;
            if (ownerReceives)
            {
                return false;
            }

            if (_stopped || _inbound.Count >= _inboundCapacity)
            {
                _droppedInbound++;
                return false;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(record.Length);
            record.CopyTo(buffer);
            _inbound.Enqueue((buffer, record.Length));
            IsIdle = false;
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>
    /// Copies the oldest queued outbound datagram into <paramref name="destination"/>. False when none is queued.
    /// Single consumer.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is smaller than the datagram (≤ send limit).</exception>
    public bool TryDequeueOutbound(Span<byte> destination, out int length) => _outbound.TryDequeue(destination, out length);

    /// <summary>
    /// Stops the transport: pending and future <see cref="Receive"/> calls throw <see cref="DtlsEngineStoppedException"/>
    /// so the engine unwinds; queued inbound records are released. With <paramref name="discardOutput"/>, later sends
    /// are dropped and queued output is released.
    /// </summary>
    public void Stop(bool discardOutput)
    {
        lock (_gate)
        {
            _stopped = true;
            _discardOutput |= discardOutput;
            while (_inbound.TryDequeue(out var item))
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }

            Monitor.PulseAll(_gate);
        }

        if (discardOutput)
        {
            _outbound.Clear();
        }
    }

    /// <summary>
    /// Engine thread, after the handshake and while holding <see cref="RecordLayerLock"/>: from now on records are not
    /// queued but processed by the owner. Records queued before this call stay queued for <see cref="TryDequeueInbound"/>;
    /// draining them before releasing the lock keeps arrival order.
    /// </summary>
    public void HandOffToOwner()
    {
        lock (_gate)
        {
            _ownerReceives = true;
        }
    }

    /// <summary>Takes the oldest queued inbound record (see <see cref="HandOffToOwner"/>). False when none is queued.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is smaller than the record.</exception>
    public bool TryDequeueInbound(Span<byte> destination, out int length)
    {
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            if (!_inbound.TryDequeue(out item))
            {
                length = 0;
                return false;
            }
        }

        try
        {
            if (item.Length > destination.Length)
            {
                throw new ArgumentException($"record of {item.Length} bytes does not fit", nameof(destination));
            }

            item.Buffer.AsSpan(0, item.Length).CopyTo(destination);
            length = item.Length;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    /// <summary>Engine thread only: releases <see cref="RecordLayerLock"/> if the engine holds it.</summary>
    public void ReleaseRecordLayer()
    {
        if (_engineHoldsRecordLayer && RecordLayerLock.IsHeldByCurrentThread)
        {
            _engineHoldsRecordLayer = false;
            RecordLayerLock.Exit();
        }
    }

    /// <inheritdoc />
    public int GetReceiveLimit() => _receiveLimit;

    /// <inheritdoc />
    public int GetSendLimit() => _sendLimit;

    /// <summary>
    /// Engine thread: waits up to <paramref name="waitMillis"/> ms for an inbound record and copies it (truncated to
    /// <paramref name="len"/>) into <paramref name="buf"/>. Returns the byte count, or -1 on timeout.
    /// </summary>
    /// <exception cref="DtlsEngineStoppedException">The transport was stopped.</exception>
    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        ReleaseRecordLayer();
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            while (true)
            {
                if (_stopped)
                {
                    throw new DtlsEngineStoppedException();
                }

                if (_inbound.TryDequeue(out item))
                {
                    break;
                }

                IsIdle = true;
                Monitor.PulseAll(_gate);
                bool signalled = Monitor.Wait(_gate, Math.Max(0, waitMillis));
                IsIdle = false;
                if (!signalled && _inbound.Count == 0 && !_stopped)
                {
                    LastReceiveTimedOut = true;
                    return -1;
                }
            }
        }

        LastReceiveTimedOut = false;
        int count = Math.Min(item.Length, len);
        item.Buffer.AsSpan(0, count).CopyTo(buf.AsSpan(off, count));
        ArrayPool<byte>.Shared.Return(item.Buffer);
        if (_lockRecordLayer)
        {
            RecordLayerLock.Enter();
            _engineHoldsRecordLayer = true;
        }

        return count;
    }

    /// <summary>Queues one datagram for output (dropped silently once output is discarded; counted when full).</summary>
    public void Send(byte[] buf, int off, int len)
    {
        lock (_gate)
        {
            if (_discardOutput)
            {
                return;
            }
        }

        if (!_outbound.TryEnqueue(buf.AsSpan(off, len)))
        {
            Interlocked.Increment(ref _droppedOutbound);
            return;
        }

        OutputAvailable?.Invoke();
    }

    /// <summary>Called by BouncyCastle when the record layer closes (after close_notify or a fatal alert).</summary>
    public void Close() => Stop(discardOutput: false);

    /// <summary>Wakes <see cref="WaitIdle"/> callers (the engine thread calls this as it exits).</summary>
    public void NotifyEngineExited()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Test hook: waits until the engine is blocked in <see cref="Receive"/> with nothing queued, or stopped.</summary>
    public bool WaitIdle(int timeoutMillis, Func<bool> engineExited)
    {
        lock (_gate)
        {
            int remaining = timeoutMillis;
            while (!(IsIdle && _inbound.Count == 0) && !engineExited())
            {
                if (remaining <= 0)
                {
                    return false;
                }

                // Pulsed when the engine goes idle or exits; the step bounds a missed pulse.
                Monitor.Wait(_gate, Math.Min(remaining, 50));
                remaining -= 50;
            }

            return true;
        }
    }
}
