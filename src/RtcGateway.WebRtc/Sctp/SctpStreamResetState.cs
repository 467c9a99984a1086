namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// Bookkeeping for RFC 6525 stream reconfiguration: our outgoing SSN reset requests (one in flight at a time,
/// retransmitted until a response arrives, §5.1.1) and the peer's request sequence numbers (duplicates get the same
/// answer again, §5.2.1).
/// </summary>
internal sealed class SctpStreamResetState
{
    private const int MaxPendingStreams = 4096;

    private readonly SortedSet<ushort> _pending = new();

    /// <summary>Our next Re-configuration Request Sequence Number (starts at our initial TSN).</summary>
    public uint NextRequestSeq { get; set; }

    /// <summary>The peer's next expected request sequence number (starts at the peer's initial TSN).</summary>
    public uint PeerNextRequestSeq { get; set; }

    /// <summary>Result we last sent for request <see cref="PeerNextRequestSeq"/> − 1.</summary>
    public uint LastResponseResult { get; set; }

    /// <summary>The request in flight, or null.</summary>
    public ushort[]? InFlightStreams { get; set; }

    public uint InFlightSeq { get; set; }

    public uint InFlightLastTsn { get; set; }

    /// <summary>When to (re)send the in-flight request, ms; null when nothing is due.</summary>
    public long? SendAtMs { get; set; }

    /// <summary>When the in-flight request times out, ms.</summary>
    public long? TimerMs { get; set; }

    public int PendingCount => _pending.Count;

    public bool IsResetting(ushort stream) => _pending.Contains(stream) || (InFlightStreams is { } s && Array.IndexOf(s, stream) >= 0);

    public bool AddPending(ushort stream)
    {
        if (_pending.Count >= MaxPendingStreams)
        {
            return false;
        }

        _pending.Add(stream);
        return true;
    }

    /// <summary>Moves the pending streams that <paramref name="ready"/> allows into a new request; null when none are ready.</summary>
    public ushort[]? TakeReady(Func<ushort, bool> ready, int max)
    {
        List<ushort>? take = null;
        foreach (ushort s in _pending)
        {
            if (ready(s))
            {
                (take ??= new List<ushort>()).Add(s);
                if (take.Count >= max)
                {
                    break;
                }
            }
        }

        if (take is null)
        {
            return null;
        }

        foreach (ushort s in take)
        {
            _pending.Remove(s);
        }

        return take.ToArray();
    }
}
