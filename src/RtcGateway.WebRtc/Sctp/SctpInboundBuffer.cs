namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// Receiver side of an association: TSN bookkeeping for SACK (RFC 9260 §6.2), duplicate detection, reassembly of
/// fragmented messages (§6.9), per-stream SSN ordering (§6.5, §6.6 unordered), FORWARD TSN (RFC 3758 §3.6) and
/// incoming stream reset (RFC 6525 §5.2.2). Every buffer is bounded by the receive window plus slack; chunks that do
/// not fit are dropped (not acknowledged) and the peer retransmits them.
/// </summary>
internal sealed class SctpInboundBuffer
{
    /// <summary>How far beyond the cumulative TSN we track received TSNs (gap offsets are 16-bit).</summary>
    public const int TsnWindow = 16384;

    private const int MaxDuplicates = 32;
    private const int ChunkOverhead = 64;

    private readonly int _receiveBuffer;
    private readonly int _hardLimit;
    private readonly int _maxMessageSize;
    private readonly bool[] _seen = new bool[TsnWindow];
    private readonly Dictionary<uint, Fragment> _fragments = new();
    private readonly Dictionary<ushort, StreamState> _streams = new();
    private readonly List<uint> _duplicates = new(MaxDuplicates);
    private readonly Queue<SctpReceivedMessage> _ready = new();
    private uint _highestSeen;

    public SctpInboundBuffer(int receiveBuffer, int maxMessageSize)
    {
        _receiveBuffer = receiveBuffer;
        _maxMessageSize = maxMessageSize;
        _hardLimit = receiveBuffer + Math.Max(maxMessageSize, 65_536);
    }

    /// <summary>Highest TSN such that every TSN up to it was received or forwarded.</summary>
    public uint CumulativeTsn { get; private set; }

    /// <summary>Bytes held in fragments, ordered messages waiting for earlier SSNs, and ready messages.</summary>
    public int BufferedBytes { get; private set; }

    /// <summary>Window to advertise (a_rwnd): the receive buffer minus what is held.</summary>
    public uint AdvertisedWindow => (uint)Math.Max(0, _receiveBuffer - BufferedBytes);

    /// <summary>True when TSNs above <see cref="CumulativeTsn"/> were received (gap blocks to report).</summary>
    public bool HasGaps => SctpSerial.Gt(_highestSeen, CumulativeTsn);

    /// <summary>Messages dropped because they exceeded the maximum message size.</summary>
    public long OversizeMessages { get; private set; }

    /// <summary>DATA chunks dropped for lack of buffer or beyond the tracked TSN window.</summary>
    public long DroppedChunks { get; private set; }

    public void Init(uint peerInitialTsn)
    {
        CumulativeTsn = peerInitialTsn - 1;
        _highestSeen = CumulativeTsn;
    }

    /// <summary>Outcome of <see cref="Receive"/>.</summary>
    public enum Result
    {
        Accepted,
        Duplicate,
        Dropped,
    }

    /// <summary>Takes one DATA chunk; copies its payload when it must be held.</summary>
    public Result Receive(in SctpDataChunk chunk)
    {
        uint tsn = chunk.Tsn;
        if (SctpSerial.Le(tsn, CumulativeTsn) || (SctpSerial.Le(tsn, _highestSeen) && _seen[tsn % TsnWindow]))
        {
            if (_duplicates.Count < MaxDuplicates)
            {
                _duplicates.Add(tsn);
            }

            return Result.Duplicate;
        }

        if (tsn - CumulativeTsn > TsnWindow)
        {
            DroppedChunks++;
            return Result.Dropped;
        }

        int cost = chunk.UserData.Length + ChunkOverhead;
        bool next = tsn == CumulativeTsn + 1;
        if (BufferedBytes + cost > (next ? _hardLimit : _receiveBuffer))
        {
            DroppedChunks++;
            return Result.Dropped;
        }

        MarkSeen(tsn);
        if (chunk.Beginning && chunk.End)
        {
            byte[] data = chunk.UserData.ToArray();
            Complete(chunk.StreamId, chunk.Ssn, chunk.Unordered, chunk.Ppid, data);
        }
        else
        {
            _fragments[tsn] = new Fragment(chunk.Flags, chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.UserData.ToArray());
            BufferedBytes += cost;
            TryReassemble(tsn);
        }

        return Result.Accepted;
    }

    /// <summary>Acknowledges a DATA chunk whose payload is discarded (invalid stream, RFC 9260 §6.5) when it is in the window.</summary>
    public void Discard(uint tsn)
    {
        if (SctpSerial.Gt(tsn, CumulativeTsn) && tsn - CumulativeTsn <= TsnWindow)
        {
            MarkSeen(tsn);
        }
    }

    /// <summary>Applies a FORWARD TSN (RFC 3758 §3.6): skip to the new cumulative TSN, drop abandoned fragments, skip SSNs.</summary>
    public void ForwardTsn(in SctpForwardTsnChunk chunk)
    {
        uint newCum = chunk.NewCumulativeTsn;
        if (SctpSerial.Gt(newCum, CumulativeTsn))
        {
            if (newCum - CumulativeTsn >= TsnWindow)
            {
                Array.Clear(_seen);
                CumulativeTsn = newCum;
            }
            else
            {
                while (CumulativeTsn != newCum)
                {
                    CumulativeTsn++;
                    _seen[CumulativeTsn % TsnWindow] = false;
                }
            }

            if (SctpSerial.Lt(_highestSeen, CumulativeTsn))
            {
                _highestSeen = CumulativeTsn;
            }

            AdvanceCumulative();
            if (_fragments.Count > 0)
            {
                List<uint>? stale = null;
                foreach (uint tsn in _fragments.Keys)
                {
                    if (SctpSerial.Le(tsn, newCum))
                    {
                        (stale ??= new List<uint>()).Add(tsn);
                    }
                }

                if (stale is not null)
                {
                    foreach (uint tsn in stale)
                    {
                        RemoveFragment(tsn);
                    }
                }
            }
        }

        for (int i = 0; i < chunk.StreamCount; i++)
        {
            (ushort streamId, ushort ssn) = chunk.GetStream(i);
            StreamState state = GetStream(streamId);
            if (!SctpSerial.Lt(ssn, state.NextSsn))
            {
                // Drop held messages up to and including ssn, then deliver what is now in order.
                ushort s = state.NextSsn;
                while (true)
                {
                    if (state.Held.Remove(s, out SctpReceivedMessage m))
                    {
                        BufferedBytes -= m.Data.Length + ChunkOverhead;
                    }

                    if (s == ssn)
                    {
                        break;
                    }

                    s++;
                }

                state.NextSsn = (ushort)(ssn + 1);
                DeliverInOrder(state);
            }
        }
    }

    /// <summary>Resets the incoming SSNs of <paramref name="streams"/> (all when empty) to 0 (RFC 6525 §5.2.2).</summary>
    public void ResetStreams(ReadOnlySpan<ushort> streams)
    {
        if (streams.IsEmpty)
        {
            foreach (StreamState s in _streams.Values)
            {
                Reset(s);
            }

            return;
        }

        foreach (ushort id in streams)
        {
            if (_streams.TryGetValue(id, out StreamState? s))
            {
                Reset(s);
            }
        }
    }

    public bool TryDequeue(out SctpReceivedMessage message) => _ready.TryDequeue(out message);

    /// <summary>Releases the buffer accounting of a message the application has taken.</summary>
    public void Release(int messageLength) => BufferedBytes -= messageLength + ChunkOverhead;

    /// <summary>
    /// Fills <paramref name="gapOffsets"/> with (start, end) offset pairs from <see cref="CumulativeTsn"/> (RFC 9260 §3.3.4)
    /// up to its capacity; returns the number of ushorts written.
    /// </summary>
    public int GetGapBlocks(Span<ushort> gapOffsets)
    {
        int written = 0;
        uint span = _highestSeen - CumulativeTsn;
        if ((int)span <= 0)
        {
            return 0;
        }

        int start = -1;
        for (uint off = 1; off <= span && written + 2 <= gapOffsets.Length; off++)
        {
            bool seen = _seen[(CumulativeTsn + off) % TsnWindow];
            if (seen && start < 0)
            {
                start = (int)off;
            }
            else if (!seen && start >= 0)
            {
                gapOffsets[written++] = (ushort)start;
                gapOffsets[written++] = (ushort)(off - 1);
                start = -1;
            }
        }

        if (start >= 0 && written + 2 <= gapOffsets.Length)
        {
            gapOffsets[written++] = (ushort)start;
            gapOffsets[written++] = (ushort)span;
        }

        return written;
    }

    /// <summary>Copies and clears the duplicate TSNs seen since the last SACK; returns how many were written.</summary>
    public int TakeDuplicates(Span<uint> dst)
    {
        int n = Math.Min(dst.Length, _duplicates.Count);
        for (int i = 0; i < n; i++)
        {
            dst[i] = _duplicates[i];
        }

        _duplicates.Clear();
        return n;
    }

    public bool HasDuplicates => _duplicates.Count > 0;

    private void MarkSeen(uint tsn)
    {
        _seen[tsn % TsnWindow] = true;
        if (SctpSerial.Gt(tsn, _highestSeen))
        {
            _highestSeen = tsn;
        }

        AdvanceCumulative();
    }

    private void AdvanceCumulative()
    {
        while (SctpSerial.Lt(CumulativeTsn, _highestSeen) && _seen[(CumulativeTsn + 1) % TsnWindow])
        {
            CumulativeTsn++;
            _seen[CumulativeTsn % TsnWindow] = false;
        }
    }

    private void TryReassemble(uint tsn)
    {
        Fragment f = _fragments[tsn];
        uint first = tsn;
        int bytes = f.Data.Length;
        Fragment cur = f;
        while (!cur.Beginning)
        {
            if (!_fragments.TryGetValue(first - 1, out Fragment? prev) || !SameMessage(prev, f) || prev.End)
            {
                return;
            }

            first--;
            bytes += prev.Data.Length;
            cur = prev;
        }

        uint last = tsn;
        cur = f;
        while (!cur.End)
        {
            if (!_fragments.TryGetValue(last + 1, out Fragment? nxt) || !SameMessage(nxt, f) || nxt.Beginning)
            {
                return;
            }

            last++;
            bytes += nxt.Data.Length;
            cur = nxt;
        }

        byte[]? data = bytes <= _maxMessageSize ? new byte[bytes] : null;
        int offset = 0;
        for (uint t = first; ; t++)
        {
            Fragment part = _fragments[t];
            if (data is not null)
            {
                part.Data.CopyTo(data, offset);
            }

            offset += part.Data.Length;
            RemoveFragment(t);
            if (t == last)
            {
                break;
            }
        }

        if (data is null)
        {
            OversizeMessages++;
            if (!f.Unordered)
            {
                StreamState s = GetStream(f.StreamId);
                if (f.Ssn == s.NextSsn)
                {
                    s.NextSsn++;
                    DeliverInOrder(s);
                }
            }

            return;
        }

        Complete(f.StreamId, f.Ssn, f.Unordered, f.Ppid, data);
    }

    private static bool SameMessage(Fragment a, Fragment b) =>
        a.StreamId == b.StreamId && a.Unordered == b.Unordered && (a.Unordered || a.Ssn == b.Ssn);

    private void RemoveFragment(uint tsn)
    {
        if (_fragments.Remove(tsn, out Fragment? f))
        {
            BufferedBytes -= f.Data.Length + ChunkOverhead;
        }
    }

    private void Complete(ushort streamId, ushort ssn, bool unordered, uint ppid, byte[] data)
    {
        var message = new SctpReceivedMessage(streamId, ppid, data);
        if (unordered)
        {
            Enqueue(message);
            return;
        }

        StreamState s = GetStream(streamId);
        if (ssn == s.NextSsn)
        {
            s.NextSsn++;
            Enqueue(message);
            DeliverInOrder(s);
        }
        else if (SctpSerial.Gt(ssn, s.NextSsn) && !s.Held.ContainsKey(ssn))
        {
            s.Held[ssn] = message;
            BufferedBytes += data.Length + ChunkOverhead;
        }
    }

    private void DeliverInOrder(StreamState s)
    {
        while (s.Held.Remove(s.NextSsn, out SctpReceivedMessage m))
        {
            BufferedBytes -= m.Data.Length + ChunkOverhead;
            s.NextSsn++;
            Enqueue(m);
        }
    }

    private void Enqueue(SctpReceivedMessage message)
    {
        BufferedBytes += message.Data.Length + ChunkOverhead;
        _ready.Enqueue(message);
    }

    private void Reset(StreamState s)
    {
        foreach (SctpReceivedMessage m in s.Held.Values)
        {
            BufferedBytes -= m.Data.Length + ChunkOverhead;
        }

        s.Held.Clear();
        s.NextSsn = 0;
    }

    private StreamState GetStream(ushort id)
    {
        if (!_streams.TryGetValue(id, out StreamState? s))
        {
            s = new StreamState();
            _streams[id] = s;
        }

        return s;
    }

    private sealed class StreamState
    {
        public ushort NextSsn;
        public readonly Dictionary<ushort, SctpReceivedMessage> Held = new();
    }

    private sealed record Fragment(byte Flags, ushort StreamId, ushort Ssn, uint Ppid, byte[] Data)
    {
        public bool Beginning => (Flags & SctpDataChunk.FlagBeginning) != 0;

        public bool End => (Flags & SctpDataChunk.FlagEnd) != 0;

        public bool Unordered => (Flags & SctpDataChunk.FlagUnordered) != 0;
    }
}
