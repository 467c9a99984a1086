namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// Sender side of an association: fragmentation (RFC 9260 §6.9), TSN/SSN assignment, the in-flight list, SACK
/// processing (§6.2.1), T3-rtx retransmission (§6.3.3), fast retransmit (§7.2.4), congestion control (§7.2.1–7.2.3),
/// partial reliability with FORWARD TSN (RFC 3758 §3.5) and per-stream buffered amounts. Time is passed in (ms).
/// </summary>
internal sealed class SctpOutboundQueue
{
    private const int DataChunkOverhead = SctpDataChunk.HeaderSize;

    private readonly int _mtu;
    private readonly int _maxPayload;
    private readonly int _maxBuffered;
    private readonly SctpRtoEstimator _rto;
    private readonly Queue<Chunk> _unsent = new();
    private readonly List<Chunk> _inflight = new();
    private readonly Dictionary<ushort, ushort> _nextSsn = new();
    private readonly Dictionary<ushort, long> _streamBuffered = new();
    private readonly Dictionary<ushort, long> _lowThreshold = new();
    private readonly List<ushort> _lowEvents = new();
    private uint _cumAck;
    private uint _advancedPeerAckPoint;
    private long _partialBytesAcked;
    private bool _inFastRecovery;
    private uint _fastRecoveryExit;

    public SctpOutboundQueue(int mtu, int maxBuffered, SctpRtoEstimator rto)
    {
        _mtu = mtu;
        _maxPayload = mtu - SctpCommonHeader.Size - DataChunkOverhead;
        _maxBuffered = maxBuffered;
        _rto = rto;
        Cwnd = Math.Min(4 * mtu, Math.Max(2 * mtu, 4380));
        Ssthresh = int.MaxValue;
    }

    /// <summary>Next TSN to assign.</summary>
    public uint NextTsn { get; private set; }

    /// <summary>Congestion window, bytes (RFC 9260 §7.2.1).</summary>
    public long Cwnd { get; private set; }

    /// <summary>Slow-start threshold, bytes.</summary>
    public long Ssthresh { get; private set; }

    /// <summary>Bytes sent and not yet acknowledged (cumulatively or by gap block) nor abandoned nor marked for retransmission.</summary>
    public long FlightSize { get; private set; }

    /// <summary>The peer's receive window estimate, bytes.</summary>
    public long PeerRwnd { get; private set; }

    /// <summary>Bytes of user data queued or in flight.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>When the T3-rtx timer fires (ms), or null when stopped.</summary>
    public long? T3ExpiresAtMs { get; private set; }

    /// <summary>True when a FORWARD TSN must be sent (RFC 3758 §3.5 C3).</summary>
    public bool ForwardTsnPending { get; private set; }

    /// <summary>Messages abandoned under partial reliability.</summary>
    public long AbandonedMessages { get; private set; }

    /// <summary>Chunks retransmitted (T3 or fast).</summary>
    public long Retransmissions { get; private set; }

    /// <summary>True when nothing is queued or in flight.</summary>
    public bool IsIdle => _unsent.Count == 0 && _inflight.Count == 0;

    public bool HasUnsentOrRetransmit => _unsent.Count > 0 || _inflight.Exists(c => c.NeedsRetransmit);

    public void Init(uint initialTsn, uint peerRwnd)
    {
        NextTsn = initialTsn;
        _cumAck = initialTsn - 1;
        _advancedPeerAckPoint = _cumAck;
        PeerRwnd = peerRwnd;
    }

    /// <summary>Cumulative TSN acknowledged by the peer.</summary>
    public uint CumulativeTsnAck => _cumAck;

    public long GetStreamBuffered(ushort streamId) => _streamBuffered.GetValueOrDefault(streamId);

    public void SetLowThreshold(ushort streamId, long bytes) => _lowThreshold[streamId] = bytes;

    /// <summary>Streams whose buffered amount fell to or below their threshold since the last call.</summary>
    public List<ushort> LowEvents => _lowEvents;

    /// <summary>True when user data for <paramref name="streamId"/> is still waiting for a TSN.</summary>
    public bool HasUnsent(ushort streamId)
    {
        foreach (Chunk c in _unsent)
        {
            if (c.Message.StreamId == streamId && !c.Message.Abandoned)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Restarts the SSN of <paramref name="streams"/> (all when empty) at 0 (RFC 6525 §5.2.7).</summary>
    public void ResetSsn(ReadOnlySpan<ushort> streams)
    {
        if (streams.IsEmpty)
        {
            _nextSsn.Clear();
        }

        foreach (ushort s in streams)
        {
            _nextSsn.Remove(s);
        }
    }

    public bool CanAccept(int length) => BufferedBytes + length <= _maxBuffered;

    /// <summary>Fragments and queues one message. The caller checked size and buffer.</summary>
    public void Enqueue(ushort streamId, uint ppid, ReadOnlySpan<byte> data, SctpSendOptions options, long nowMs)
    {
        ushort ssn = 0;
        if (!options.Unordered)
        {
            ssn = _nextSsn.GetValueOrDefault(streamId);
            _nextSsn[streamId] = (ushort)(ssn + 1);
        }

        var message = new Message(
            streamId, ppid, options.Unordered, ssn, options.MaxRetransmits, options.MaxLifetimeMs is { } l ? nowMs + l : null, data.ToArray());
        int offset = 0;
        do
        {
            int len = Math.Min(_maxPayload, data.Length - offset);
            byte flags = (byte)((offset == 0 ? SctpDataChunk.FlagBeginning : 0)
                | (offset + len == data.Length ? SctpDataChunk.FlagEnd : 0)
                | (options.Unordered ? SctpDataChunk.FlagUnordered : 0));
            _unsent.Enqueue(new Chunk(message, offset, len, flags));
            offset += len;
        }
        while (offset < data.Length);

        BufferedBytes += data.Length;
        _streamBuffered[streamId] = _streamBuffered.GetValueOrDefault(streamId) + data.Length;
    }

    /// <summary>
    /// Writes DATA chunks (retransmissions first, then new data) into <paramref name="dst"/> within cwnd and the peer's
    /// window (one chunk may always go when nothing is in flight: zero-window probe, §6.1); returns bytes written.
    /// </summary>
    public int WriteData(Span<byte> dst, long nowMs)
    {
        int written = 0;
        foreach (Chunk c in _inflight)
        {
            if (!c.NeedsRetransmit)
            {
                continue;
            }

            int size = SctpChunkReader.Pad4(DataChunkOverhead + c.Length);
            if (size > dst.Length - written || (FlightSize > 0 && FlightSize + c.Length > Cwnd))
            {
                break;
            }

            written += WriteChunk(dst.Slice(written), c, nowMs);
            c.NeedsRetransmit = false;
            c.Transmissions++;
            FlightSize += c.Length;
            Retransmissions++;
        }

        while (_unsent.TryPeek(out Chunk? c))
        {
            Message m = c.Message;
            if (m.Abandoned || (m.ExpiresAtMs is { } e && nowMs >= e && c.Offset == 0))
            {
                _unsent.Dequeue();
                if (!m.Abandoned)
                {
                    Abandon(m);
                }

                Release(m.StreamId, c.Length);
                continue;
            }

            int size = SctpChunkReader.Pad4(DataChunkOverhead + c.Length);
            if (size > dst.Length - written)
            {
                break;
            }

            bool windowOk = (FlightSize + c.Length <= Cwnd && PeerRwnd >= c.Length) || (FlightSize == 0 && written == 0);
            if (!windowOk)
            {
                break;
            }

            _unsent.Dequeue();
            c.Tsn = NextTsn++;
            c.Transmissions = 1;
            _inflight.Add(c);
            written += WriteChunk(dst.Slice(written), c, nowMs);
            FlightSize += c.Length;
            PeerRwnd = Math.Max(0, PeerRwnd - c.Length);
        }

        if (written > 0 && T3ExpiresAtMs is null)
        {
            T3ExpiresAtMs = nowMs + _rto.RtoMs;
        }

        return written;
    }

    /// <summary>
    /// Processes a SACK (RFC 9260 §6.2.1, §7.2.4; RFC 3758 §3.5). Returns true when the cumulative ack advanced.
    /// </summary>
    public bool ProcessSack(in SctpSackChunk sack, long nowMs)
    {
        uint cum = sack.CumulativeTsnAck;
        if (SctpSerial.Lt(cum, _cumAck) || SctpSerial.Ge(cum, NextTsn))
        {
            return false;
        }

        bool advanced = SctpSerial.Gt(cum, _cumAck);
        long bytesAcked = 0;
        long? rttSample = null;
        int removed = 0;
        while (removed < _inflight.Count && SctpSerial.Le(_inflight[removed].Tsn, cum))
        {
            Chunk c = _inflight[removed];
            if (!c.Acked && !c.Abandoned)
            {
                if (!c.NeedsRetransmit)
                {
                    FlightSize -= c.Length;
                }

                bytesAcked += c.Length;
                if (c.Transmissions == 1)
                {
                    rttSample = nowMs - c.SentAtMs;
                }
            }

            if (!c.Abandoned)
            {
                Release(c.Message.StreamId, c.Length);
            }

            removed++;
        }

        _inflight.RemoveRange(0, removed);
        _cumAck = cum;
        if (SctpSerial.Lt(_advancedPeerAckPoint, cum))
        {
            _advancedPeerAckPoint = cum;
        }

        uint highestNewlyAcked = cum;
        for (int g = 0; g < sack.GapBlockCount && _inflight.Count > 0; g++)
        {
            (ushort start, ushort end) = sack.GetGapBlock(g);
            if (start == 0 || end < start)
            {
                continue;
            }

            long from = (long)(uint)(cum + start - _inflight[0].Tsn);
            long to = (long)(uint)(cum + end - _inflight[0].Tsn);
            if (from >= _inflight.Count)
            {
                continue;
            }

            to = Math.Min(to, _inflight.Count - 1);
            for (long i = from; i <= to; i++)
            {
                Chunk c = _inflight[(int)i];
                if (!c.Acked)
                {
                    c.Acked = true;
                    if (!c.Abandoned)
                    {
                        if (!c.NeedsRetransmit)
                        {
                            FlightSize -= c.Length;
                        }

                        c.NeedsRetransmit = false;
                        bytesAcked += c.Length;
                        if (c.Transmissions == 1)
                        {
                            rttSample = nowMs - c.SentAtMs;
                        }
                    }

                    if (SctpSerial.Gt(c.Tsn, highestNewlyAcked))
                    {
                        highestNewlyAcked = c.Tsn;
                    }
                }
            }
        }

        if (rttSample is { } rtt)
        {
            _rto.AddSample(rtt);
        }

        if (_inFastRecovery && SctpSerial.Ge(cum, _fastRecoveryExit))
        {
            _inFastRecovery = false;
        }

        // §7.2.4 miss indications for chunks below the highest TSN newly acknowledged by a gap block.
        if (highestNewlyAcked != cum)
        {
            bool marked = false;
            foreach (Chunk c in _inflight)
            {
                if (SctpSerial.Ge(c.Tsn, highestNewlyAcked))
                {
                    break;
                }

                if (c.Acked || c.Abandoned || c.NeedsRetransmit || c.FastRetransmitted)
                {
                    continue;
                }

                if (++c.MissIndications >= 3)
                {
                    c.FastRetransmitted = true;
                    MarkForRetransmit(c, nowMs);
                    marked = true;
                }
            }

            if (marked && !_inFastRecovery)
            {
                _inFastRecovery = true;
                _fastRecoveryExit = NextTsn - 1;
                Ssthresh = Math.Max(Cwnd / 2, 4L * _mtu);
                Cwnd = Ssthresh;
                _partialBytesAcked = 0;
            }
        }

        if (advanced && !_inFastRecovery && bytesAcked > 0)
        {
            if (Cwnd <= Ssthresh)
            {
                Cwnd += Math.Min(bytesAcked, _mtu);
            }
            else
            {
                _partialBytesAcked += bytesAcked;
                if (_partialBytesAcked >= Cwnd)
                {
                    _partialBytesAcked -= Cwnd;
                    Cwnd += _mtu;
                }
            }
        }

        PeerRwnd = Math.Max(0, sack.AdvertisedReceiverWindow - FlightSize);
        UpdateAdvancedPeerAckPoint();
        if (SctpSerial.Gt(_advancedPeerAckPoint, cum))
        {
            ForwardTsnPending = true;
        }

        if (FlightSize == 0 && !_inflight.Exists(c => c.NeedsRetransmit) && !SctpSerial.Gt(_advancedPeerAckPoint, cum))
        {
            T3ExpiresAtMs = null;
        }
        else if (advanced)
        {
            T3ExpiresAtMs = nowMs + _rto.RtoMs;
        }

        return advanced;
    }

    /// <summary>T3-rtx expiry (RFC 9260 §6.3.3): back off, collapse cwnd, mark outstanding chunks for retransmission.</summary>
    public void OnT3Expired(long nowMs)
    {
        _rto.Backoff();
        Ssthresh = Math.Max(Cwnd / 2, 4L * _mtu);
        Cwnd = _mtu;
        _partialBytesAcked = 0;
        _inFastRecovery = false;
        foreach (Chunk c in _inflight)
        {
            if (!c.Acked && !c.Abandoned && !c.NeedsRetransmit)
            {
                MarkForRetransmit(c, nowMs);
            }
        }

        UpdateAdvancedPeerAckPoint();
        if (SctpSerial.Gt(_advancedPeerAckPoint, _cumAck))
        {
            ForwardTsnPending = true;
        }

        T3ExpiresAtMs = _inflight.Count > 0 ? nowMs + _rto.RtoMs : null;
    }

    /// <summary>
    /// Writes a FORWARD TSN (RFC 3758 §3.2) for the abandoned chunks up to the Advanced.Peer.Ack.Point if it fits;
    /// returns bytes written (0 when nothing is pending or it does not fit).
    /// </summary>
    public int WriteForwardTsn(Span<byte> dst, long nowMs)
    {
        if (!ForwardTsnPending)
        {
            return 0;
        }

        Span<ushort> pairs = stackalloc ushort[128];
        int n = 0;
        foreach (Chunk c in _inflight)
        {
            if (SctpSerial.Gt(c.Tsn, _advancedPeerAckPoint))
            {
                break;
            }

            Message m = c.Message;
            if (m.Unordered)
            {
                continue;
            }

            int existing = -1;
            for (int i = 0; i < n; i += 2)
            {
                if (pairs[i] == m.StreamId)
                {
                    existing = i;
                    break;
                }
            }

            if (existing >= 0)
            {
                if (SctpSerial.Gt(m.Ssn, pairs[existing + 1]))
                {
                    pairs[existing + 1] = m.Ssn;
                }
            }
            else if (n + 2 <= pairs.Length)
            {
                pairs[n++] = m.StreamId;
                pairs[n++] = m.Ssn;
            }
        }

        int size = 8 + (2 * n);
        if (size > dst.Length)
        {
            return 0;
        }

        ForwardTsnPending = false;
        T3ExpiresAtMs ??= nowMs + _rto.RtoMs;
        return SctpForwardTsnChunk.Write(dst, _advancedPeerAckPoint, pairs.Slice(0, n));
    }

    private void MarkForRetransmit(Chunk c, long nowMs)
    {
        Message m = c.Message;
        bool expired = (m.MaxRetransmits is { } max && c.Transmissions > max) || (m.ExpiresAtMs is { } e && nowMs >= e);
        if (expired)
        {
            Abandon(m);
            return;
        }

        FlightSize -= c.Length;
        c.NeedsRetransmit = true;
    }

    private void Abandon(Message m)
    {
        if (m.Abandoned)
        {
            return;
        }

        m.Abandoned = true;
        AbandonedMessages++;
        foreach (Chunk c in _inflight)
        {
            if (c.Message == m && !c.Abandoned)
            {
                if (!c.Acked && !c.NeedsRetransmit && c.InFlightCounted)
                {
                    FlightSize -= c.Length;
                }

                c.Abandoned = true;
                c.NeedsRetransmit = false;
                Release(m.StreamId, c.Length);
            }
        }
    }

    private void UpdateAdvancedPeerAckPoint()
    {
        foreach (Chunk c in _inflight)
        {
            if (SctpSerial.Le(c.Tsn, _advancedPeerAckPoint))
            {
                continue;
            }

            if (!c.Abandoned)
            {
                break;
            }

            _advancedPeerAckPoint = c.Tsn;
        }
    }

    private void Release(ushort streamId, int length)
    {
        BufferedBytes -= length;
        long before = _streamBuffered.GetValueOrDefault(streamId);
        long after = before - length;
        if (after <= 0)
        {
            _streamBuffered.Remove(streamId);
            after = 0;
        }
        else
        {
            _streamBuffered[streamId] = after;
        }

        long threshold = _lowThreshold.GetValueOrDefault(streamId);
        if (before > threshold && after <= threshold && !_lowEvents.Contains(streamId))
        {
            _lowEvents.Add(streamId);
        }
    }

    private static int WriteChunk(Span<byte> dst, Chunk c, long nowMs)
    {
        Message m = c.Message;
        c.SentAtMs = nowMs;
        c.InFlightCounted = true;
        return SctpDataChunk.Write(dst, c.Flags, c.Tsn, m.StreamId, m.Ssn, m.Ppid, m.Data.AsSpan(c.Offset, c.Length));
    }

    private sealed class Message(ushort streamId, uint ppid, bool unordered, ushort ssn, int? maxRetransmits, long? expiresAtMs, byte[] data)
    {
        public ushort StreamId { get; } = streamId;

        public uint Ppid { get; } = ppid;

        public bool Unordered { get; } = unordered;

        public ushort Ssn { get; } = ssn;

        public int? MaxRetransmits { get; } = maxRetransmits;

        public long? ExpiresAtMs { get; } = expiresAtMs;

        public byte[] Data { get; } = data;

        public bool Abandoned { get; set; }
    }

    private sealed class Chunk(Message message, int offset, int length, byte flags)
    {
        public Message Message { get; } = message;

        public int Offset { get; } = offset;

        public int Length { get; } = length;

        public byte Flags { get; } = flags;

        public uint Tsn { get; set; }

        public long SentAtMs { get; set; }

        public int Transmissions { get; set; }

        public int MissIndications { get; set; }

        public bool Acked { get; set; }

        public bool Abandoned { get; set; }

        public bool NeedsRetransmit { get; set; }

        public bool FastRetransmitted { get; set; }

        public bool InFlightCounted { get; set; }
    }
}
