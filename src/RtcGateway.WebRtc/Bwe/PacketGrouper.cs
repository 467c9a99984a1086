namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Pre-filtering of draft-ietf-rmcat-gcc-02 §5.2: folds received packets into groups (a group is the packets sent
/// within <see cref="BurstTimeUs"/> of its first packet, plus packets of a burst that arrive within
/// <see cref="BurstTimeUs"/> of the previous one with negative delay variation, i.e. released together by a queue)
/// and yields the send/arrival deltas between consecutive complete groups.
/// Packets must be fed in transport-wide sequence order; a packet sent before the current group started
/// (reordering) is ignored and counted, as is a group pair whose later group arrived first; a jump of the arrival clock by more than
/// <see cref="ArrivalJumpResetUs"/> either way resets the grouping and is counted. Never throws.
/// </summary>
internal sealed class PacketGrouper
{
    /// <summary>burst_time of §5.2: 5 ms.</summary>
    public const long BurstTimeUs = 5_000;

    /// <summary>A burst of packets arriving back to back is cut after this span of arrival, µs.</summary>
    public const long MaxBurstDurationUs = 100_000;

    /// <summary>An arrival time stepping more than this (3 s) forwards or backwards restarts the grouping.</summary>
    public const long ArrivalJumpResetUs = 3_000_000;

    private Group _current;
    private Group _previous;

    /// <summary>Packets ignored because they were sent before the current group (reordered), count.</summary>
    public long ReorderedPackets { get; private set; }

    /// <summary>Times the grouping restarted because the arrival clock jumped by more than 3 s, count.</summary>
    public long Resets { get; private set; }

    /// <summary>Group pairs skipped because the later-sent group arrived first (reordering), count.</summary>
    public long ReorderedGroups { get; private set; }

    /// <summary>Forgets all groups (the next packet starts a new first group).</summary>
    public void Reset()
    {
        _current = default;
        _previous = default;
    }

    /// <summary>
    /// Adds one received packet. Returns true, with the deltas between the two latest complete groups, when this
    /// packet starts a new group and so completes the current one.
    /// </summary>
    /// <param name="sendTimeUs">Departure time on the sender's clock, µs.</param>
    /// <param name="arrivalTimeUs">Arrival time on the receiver's clock, µs.</param>
    /// <param name="sizeBytes">Packet size, bytes.</param>
    /// <param name="delta">The completed group's deltas against the group before it.</param>
    public bool TryAdd(long sendTimeUs, long arrivalTimeUs, int sizeBytes, out PacketGroupDelta delta)
    {
        delta = default;
        if (!_current.Active)
        {
            _current = Group.Start(sendTimeUs, arrivalTimeUs, sizeBytes);
            return false;
        }

        if (sendTimeUs < _current.FirstSendUs)
        {
            ReorderedPackets++;
            return false;
        }

        long arrivalStep = arrivalTimeUs - _current.LastArrivalUs;
        if (arrivalStep > ArrivalJumpResetUs || arrivalStep < -ArrivalJumpResetUs)
        {
            Resets++;
            _previous = default;
            _current = Group.Start(sendTimeUs, arrivalTimeUs, sizeBytes);
            return false;
        }

        if (BelongsToCurrentGroup(sendTimeUs, arrivalTimeUs))
        {
            _current.LastSendUs = Math.Max(_current.LastSendUs, sendTimeUs);
            _current.LastArrivalUs = Math.Max(_current.LastArrivalUs, arrivalTimeUs);
            _current.Bytes += sizeBytes;
            return false;
        }

        bool produced = false;
        if (_previous.Active)
        {
            long sendDelta = _current.LastSendUs - _previous.LastSendUs;
            long arrivalDelta = _current.LastArrivalUs - _previous.LastArrivalUs;
            if (arrivalDelta < 0 || sendDelta < 0)
            {
                // A whole group arrived before the one sent earlier: the deltas say nothing about queueing.
                ReorderedGroups++;
            }
            else
            {
                delta = new PacketGroupDelta(sendDelta, arrivalDelta, _current.LastArrivalUs, _current.Bytes);
                produced = true;
            }
        }

        _previous = _current;
        _current = Group.Start(sendTimeUs, arrivalTimeUs, sizeBytes);
        return produced;
    }

    private bool BelongsToCurrentGroup(long sendTimeUs, long arrivalTimeUs)
    {
        // §5.2: packets sent within burst_time of the group's first packet form one group.
        if (sendTimeUs - _current.FirstSendUs <= BurstTimeUs)
        {
            return true;
        }

        // §5.2 burst: inter-arrival < burst_time and d < 0 (the queue released it right behind the previous packet).
        long arrivalDelta = arrivalTimeUs - _current.LastArrivalUs;
        long sendDelta = sendTimeUs - _current.LastSendUs;
        return arrivalDelta >= 0 && arrivalDelta <= BurstTimeUs && arrivalDelta - sendDelta < 0
            && arrivalTimeUs - _current.FirstArrivalUs < MaxBurstDurationUs;
    }

    private struct Group
    {
        public bool Active;
        public long FirstSendUs;
        public long LastSendUs;
        public long FirstArrivalUs;
        public long LastArrivalUs;
        public long Bytes;

        public static Group Start(long sendTimeUs, long arrivalTimeUs, int sizeBytes) => new()
        {
            Active = true,
            FirstSendUs = sendTimeUs,
            LastSendUs = sendTimeUs,
            FirstArrivalUs = arrivalTimeUs,
            LastArrivalUs = arrivalTimeUs,
            Bytes = sizeBytes,
        };
    }
}
