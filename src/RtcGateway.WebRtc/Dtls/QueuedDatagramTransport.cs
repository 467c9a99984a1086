using System.Buffers;
using Org.BouncyCastle.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle <see cref="DatagramTransport"/> backed by queues, so the blocking BouncyCastle engine can be fed and
/// drained by a Sans-IO owner.
/// <list type="bullet">
/// <item>Inbound: bounded FIFO of records (<see cref="TryEnqueueInbound"/>, any thread).</item>
/// <item>Engine mode (the handshake, on the engine thread): <see cref="Receive(Span{byte}, int)"/> blocks on the queue and returns -1
/// when the wait expires, which BouncyCastle reads as "no datagram yet" (its handshake timer then throws
/// <see cref="TlsTimeoutException"/>).</item>
/// <item>Owner mode (after <see cref="HandOffToOwner"/>; the connected session calls the public
/// <c>DtlsTransport.Receive</c> on its own thread): <see cref="Receive(Span{byte}, int)"/> never waits. It hands out the queued records
/// in order and, once the queue is empty, throws <see cref="DtlsInboundDrained"/> (a bad_record_mac alert): with
/// <c>TlsPeer.IgnoreCorruptDtlsRecords</c> true, <c>DtlsTransport.Receive</c> turns exactly that alert into -1 and
/// leaves the connection up. Without it, BouncyCastle's receive loop would keep polling until its wait (≥ 1 ms) ran out
/// after every record that is not application data. <see cref="GetReceiveLimit"/> is the length of the next queued
/// record there, because BouncyCastle allocates a buffer of that size on every <c>Receive</c> call.</item>
/// <item>Outbound: <see cref="Send(ReadOnlySpan{byte})"/> (engine thread, or the owner) copies each datagram into a pooled buffer in a
/// bounded queue and raises <see cref="OutputAvailable"/>; <see cref="TryDequeueOutbound"/> drains it (single consumer).</item>
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
    private readonly DtlsInboundDrained _drained = new();
    private volatile bool _ownerReceives;
    private bool _stopped;
    private bool _discardOutput;
    private long _droppedInbound;
    private long _droppedOutbound;
    private long _deliveredToOwner;

    /// <param name="inboundCapacity">Max queued inbound records; more are dropped and counted.</param>
    /// <param name="outboundCapacity">Max queued outbound datagrams; more are dropped and counted.</param>
    /// <param name="sendLimit">Largest datagram the engine may send (bytes); 1,200 for WebRTC paths.</param>
    /// <param name="receiveLimit">Largest record the engine reads during the handshake (bytes).</param>
    public QueuedDatagramTransport(int inboundCapacity, int outboundCapacity, int sendLimit, int receiveLimit)
    {
        _inboundCapacity = inboundCapacity;
        _outbound = new PooledPacketQueue(outboundCapacity);
        _sendLimit = sendLimit;
        _receiveLimit = receiveLimit;
    }

    /// <summary>Raised after a datagram is queued for output (on the sending thread). Must not throw or block long.</summary>
    public Action? OutputAvailable { get; set; }

    /// <summary>Inbound records dropped because the queue was full or the transport stopped.</summary>
    public long DroppedInbound => Interlocked.Read(ref _droppedInbound);

    /// <summary>Outbound datagrams dropped because the queue was full.</summary>
    public long DroppedOutbound => Interlocked.Read(ref _droppedOutbound);

    /// <summary>Records handed to BouncyCastle in owner mode (the owner compares it with the records it saw authenticated).</summary>
    public long DeliveredToOwner => Interlocked.Read(ref _deliveredToOwner);

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

    /// <summary>True when at least one inbound record is queued.</summary>
    public bool HasInbound
    {
        get
        {
            lock (_gate)
            {
                return _inbound.Count > 0;
            }
        }
    }

    /// <summary>True while the engine thread is blocked in <see cref="Receive(Span{byte}, int)"/> with nothing queued (test hook).</summary>
    public bool IsIdle { get; private set; }

    /// <summary>Copies <paramref name="record"/> into the inbound queue. False (and counted) when full or stopped.</summary>
    public bool TryEnqueueInbound(ReadOnlySpan<byte> record)
    {
        lock (_gate)
        {
            if (_stopped || _inbound.Count >= _inboundCapacity)
            {
                _droppedInbound++;
                return false;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(record.Length);
            record.CopyTo(buffer);
            _inbound.Enqueue((buffer, record.Length));
            IsIdle = false;
            if (!_ownerReceives)
            {
                Monitor.PulseAll(_gate);
            }

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
    /// Stops the transport: pending and future engine-mode <see cref="Receive(Span{byte}, int)"/> calls throw
    /// <see cref="DtlsEngineStoppedException"/> so the engine unwinds; queued inbound records are released. With
    /// <paramref name="discardOutput"/>, later sends are dropped and queued output is released.
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
    /// Engine thread, once <c>Accept</c> returned: from now on <see cref="Receive(Span{byte}, int)"/> is called by the owner through
    /// <c>DtlsTransport.Receive</c> and never waits. Records already queued stay queued, in order, for the owner's drain.
    /// </summary>
    public void HandOffToOwner() => _ownerReceives = true;

    /// <inheritdoc />
    public int GetReceiveLimit()
    {
        if (!_ownerReceives)
        {
            return _receiveLimit;
        }

        lock (_gate)
        {
            return _inbound.TryPeek(out var head) ? head.Length : DtlsRecordHeader.Size;
        }
    }

    /// <inheritdoc />
    public int GetSendLimit() => _sendLimit;

    /// <summary>
    /// Engine mode: waits up to <paramref name="waitMillis"/> ms for an inbound record and copies it (truncated to
    /// <paramref name="len"/>) into <paramref name="buf"/>; returns the byte count, or -1 on timeout. Owner mode: copies
    /// the oldest queued record without waiting, or throws <see cref="DtlsInboundDrained"/> when none is queued (or the
    /// next one is longer than <paramref name="len"/>: it was queued after BouncyCastle sized its buffer, so it stays for
    /// the next drain).
    /// </summary>
    /// <exception cref="DtlsEngineStoppedException">Engine mode: the transport was stopped.</exception>
    /// <exception cref="DtlsInboundDrained">Owner mode: nothing (more) to receive now.</exception>
    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Span form of <see cref="Receive(byte[], int, int, int)"/> (the record is truncated to the span).</summary>
    /// <exception cref="DtlsEngineStoppedException">Engine mode: the transport was stopped.</exception>
    /// <exception cref="DtlsInboundDrained">Owner mode: nothing (more) to receive now.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        int len = buffer.Length;
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            if (_ownerReceives)
            {
                if (_stopped || !_inbound.TryPeek(out item) || item.Length > len)
                {
                    throw _drained;
                }

                _inbound.Dequeue();
                _deliveredToOwner++;
            }
            else
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
                        return -1;
                    }
                }
            }
        }

        int count = Math.Min(item.Length, len);
        item.Buffer.AsSpan(0, count).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return count;
    }

    /// <summary>Queues one datagram for output (dropped silently once output is discarded; counted when full).</summary>
    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Span form of <see cref="Send(byte[], int, int)"/>.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            if (_discardOutput)
            {
                return;
            }
        }

        if (!_outbound.TryEnqueue(buffer))
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

    /// <summary>Test hook: waits until the engine is blocked in <see cref="Receive(Span{byte}, int)"/> with nothing queued, or stopped.</summary>
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
