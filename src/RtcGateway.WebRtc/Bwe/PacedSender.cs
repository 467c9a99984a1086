namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Sans-IO packet pacer: the driver enqueues packets (opaque <see cref="PacedPacket"/> handles) and takes them out when
/// the pacer allows, so that the stream leaves at the pacing rate instead of in line-rate bursts (a key frame of
/// 100 KB at 2.5 Mbit/s × 2.5 leaves over ~128 ms). Time always comes in as <c>nowUs</c> (µs, monotonic); no clock,
/// timer or thread. Single-threaded: drive it from the peer's loop. No allocation per packet after the queues warmed up.
/// <para>Budget (leaky bucket): a media debt in bits grows by 8 × size for each packet sent and drains at the drain
/// rate; a packet may leave when the debt is ≤ 0. Unused budget carries over up to
/// <see cref="PacedSenderOptions.MaxBurstUs"/> while packets wait, none while the queue is empty.</para>
/// <para>Queue-time guard, the exact rule: drain rate = max(pacing rate, queued bytes × 8 / time left), where time
/// left = max(1 ms, <see cref="PacedSenderOptions.MaxQueueTimeUs"/> − the oldest queued packet's age), evaluated at
/// every call. A backlog that the pacing rate would need longer than the bound for is drained at the constant rate
/// that empties it when its oldest packet reaches the bound, so no packet waits much longer than
/// <see cref="PacedSenderOptions.MaxQueueTimeUs"/> whatever the pacing rate. When the pacing rate has room (2.5 × a
/// target the encoder keeps), frames of up to twice the average size drain within one frame interval and the guard
/// never engages.</para>
/// <para>Priorities: <see cref="PacingPriority"/> order, FIFO within a class.</para>
/// <para>Probing and padding: <see cref="CreateProbeCluster"/> queues a burst at a given rate; while a cluster is active
/// packets also leave on its schedule (not charged to the media budget), and every packet sent is tagged with its id (pass it on to
/// <see cref="SendSideHistory.OnPacketSent"/>). When the queue is empty and a probe or the padding rate
/// (<see cref="SetPaddingRate"/>) wants bytes, <see cref="GetPaddingBytesWanted"/> says how many: the driver makes
/// padding/RTX packets and enqueues them with <see cref="PacingPriority.Padding"/>.</para>
/// </summary>
public sealed class PacedSender
{
    private const double SendThresholdBits = 0.5;
    private const int MaxProbeClusters = 8;
    private const long PaddingDebtWindowUs = 100_000;
    private const long MinTimeLeftUs = 1_000;
    private const long UnansweredPaddingRetryUs = 5_000;

    private readonly PacedSenderOptions _options;
    private readonly PacedPacketQueue[] _queues;
    private readonly ProbeCluster[] _clusters = new ProbeCluster[MaxProbeClusters];
    private int _clusterHead;
    private int _clusterCount;
    private int _nextClusterId;
    private double _mediaDebtBits;
    private double _paddingDebtBits;
    private long _lastUpdateUs;
    private bool _started;
    private long _paddingAskedUs = long.MinValue;

    /// <summary>Creates an empty pacer at the initial target bitrate × pacing factor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">invalid options (see <see cref="PacedSenderOptions.Validate"/>).</exception>
    public PacedSender(PacedSenderOptions? options = null)
    {
        _options = options ?? new PacedSenderOptions();
        _options.Validate();
        _queues = [new PacedPacketQueue(), new PacedPacketQueue(), new PacedPacketQueue(), new PacedPacketQueue()];
        SetTargetBitrate(_options.InitialTargetBitrateBps);
    }

    /// <summary>Current pacing rate, bits/s.</summary>
    public long PacingRateBps { get; private set; }

    /// <summary>Current padding rate (minimum total send rate the pacer fills with padding), bits/s; 0 = none.</summary>
    public long PaddingRateBps { get; private set; }

    /// <summary>Packets waiting.</summary>
    public int QueuedPackets { get; private set; }

    /// <summary>Bytes waiting.</summary>
    public long QueuedBytes { get; private set; }

    /// <summary>Rate the queue drains at as of the last call: max(pacing rate, queued bits / time left), bits/s (see the class remarks).</summary>
    public long DrainRateBps
    {
        get
        {
            if (QueuedPackets == 0)
            {
                return PacingRateBps;
            }

            long oldest = long.MaxValue;
            foreach (PacedPacketQueue queue in _queues)
            {
                if (queue.Count > 0)
                {
                    oldest = Math.Min(oldest, queue.OldestEnqueueTimeUs);
                }
            }

            long timeLeftUs = Math.Max(MinTimeLeftUs, _options.MaxQueueTimeUs - (_lastUpdateUs - oldest));
            return Math.Max(PacingRateBps, QueuedBytes * 8 * 1_000_000 / timeLeftUs);
        }
    }

    /// <summary>Time to drain the queue at the pacing rate alone, µs (what the guard compares with the bound).</summary>
    public long ExpectedQueueTimeUs => QueuedBytes * 8 * 1_000_000 / PacingRateBps;

    /// <summary>Packets taken out by <see cref="TryDequeue"/>.</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Bytes taken out by <see cref="TryDequeue"/>.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Queue delay of the last packet taken out, µs.</summary>
    public long LastQueueDelayUs { get; private set; }

    /// <summary>Largest queue delay of any packet taken out so far, µs.</summary>
    public long MaxQueueDelayUs { get; private set; }

    /// <summary>Probe clusters that met their minimums.</summary>
    public long ProbeClustersCompleted { get; private set; }

    /// <summary>Probe clusters dropped after <see cref="PacedSenderOptions.ProbeClusterTimeoutUs"/> without completing.</summary>
    public long ProbeClustersExpired { get; private set; }

    /// <summary>Probe cluster requests refused because 8 were already pending.</summary>
    public long ProbeClustersRejected { get; private set; }

    /// <summary>Sets the pacing rate from the estimator's target: target × <see cref="PacedSenderOptions.PacingFactor"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">not positive.</exception>
    public void SetTargetBitrate(long targetBitrateBps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetBitrateBps);
        SetPacingRate((long)Math.Min(long.MaxValue / 16, Math.Max(1, targetBitrateBps * _options.PacingFactor)));
    }

    /// <summary>Sets the pacing rate directly, bits/s; applies from the last call that passed a time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">not positive.</exception>
    public void SetPacingRate(long bitsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitsPerSecond);
        PacingRateBps = Math.Min(bitsPerSecond, long.MaxValue / 16);
    }

    /// <summary>Sets the padding rate, bits/s (0 turns padding off): while media sends less, the pacer asks for padding up to it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">negative.</exception>
    public void SetPaddingRate(long bitsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerSecond);
        PaddingRateBps = Math.Min(bitsPerSecond, long.MaxValue / 16);
    }

    /// <summary>Queues a packet. Call <see cref="TryDequeue"/> (and re-arm the timer from <see cref="NextSendTimeUs"/>) afterwards.</summary>
    /// <exception cref="ArgumentOutOfRangeException">size not positive or priority undefined.</exception>
    public void Enqueue(in PacedPacket packet, long nowUs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(packet.SizeBytes, nameof(packet));
        if ((uint)packet.Priority > (uint)PacingPriority.Padding)
        {
            throw new ArgumentOutOfRangeException(nameof(packet), packet.Priority, "Undefined pacing priority.");
        }

        Update(nowUs);
        _paddingAskedUs = long.MinValue;
        _queues[(int)packet.Priority].Enqueue(packet, nowUs);
        QueuedPackets++;
        QueuedBytes += packet.SizeBytes;
    }

    /// <summary>
    /// Takes out the highest-priority packet if the budget (or an active probe cluster's schedule) lets it leave now.
    /// Call in a loop until false, then arm the timer for <see cref="NextSendTimeUs"/>.
    /// </summary>
    /// <param name="nowUs">Now, µs.</param>
    /// <param name="packet">The packet to send now.</param>
    /// <param name="probeClusterId">The probe cluster it is sent in, or -1.</param>
    public bool TryDequeue(long nowUs, out PacedPacket packet, out int probeClusterId)
    {
        packet = default;
        probeClusterId = -1;
        Update(nowUs);
        if (QueuedPackets == 0)
        {
            return false;
        }

        bool probing = TryGetActiveCluster(nowUs);
        bool probeAllows = probing && _clusters[_clusterHead].NextSendTimeUs(nowUs) <= nowUs;
        if (!probeAllows && _mediaDebtBits > SendThresholdBits)
        {
            return false;
        }

        PacedPacketQueue queue = _queues[0];
        for (int i = 0; queue.Count == 0; i++)
        {
            queue = _queues[i + 1];
        }

        packet = queue.Dequeue(out long enqueuedUs);
        QueuedPackets--;
        QueuedBytes -= packet.SizeBytes;
        long bits = packet.SizeBytes * 8L;
        if (probing)
        {
            ref ProbeCluster cluster = ref _clusters[_clusterHead];
            probeClusterId = cluster.Id;
            if (cluster.StartUs < 0)
            {
                cluster.StartUs = nowUs;
            }

            cluster.SentPackets++;
            cluster.SentBytes += packet.SizeBytes;
            if (cluster.IsComplete)
            {
                RemoveHeadCluster();
                ProbeClustersCompleted++;
            }
        }

        if (!probeAllows)
        {
            _mediaDebtBits += bits;
        }

        _paddingDebtBits = Math.Min(_paddingDebtBits + bits, PaddingRateBps * (double)PaddingDebtWindowUs / 1_000_000);
        PacketsSent++;
        BytesSent += packet.SizeBytes;
        LastQueueDelayUs = Math.Max(0, nowUs - enqueuedUs);
        MaxQueueDelayUs = Math.Max(MaxQueueDelayUs, LastQueueDelayUs);
        return true;
    }

    /// <summary>
    /// Padding the pacer wants sent now, bytes (0 = none): only when the queue is empty and either an active probe
    /// cluster's schedule or the padding rate (<see cref="SetPaddingRate"/>) allows a packet. At most
    /// <see cref="PacedSenderOptions.MaxPaddingPacketBytes"/>: the driver makes one padding or RTX packet of about this size
    /// (at least its own minimum), enqueues it with <see cref="PacingPriority.Padding"/>, takes it out with
    /// <see cref="TryDequeue"/>, and asks again.
    /// </summary>
    public int GetPaddingBytesWanted(long nowUs)
    {
        Update(nowUs);
        if (QueuedPackets > 0)
        {
            return 0;
        }

        if (TryGetActiveCluster(nowUs))
        {
            ref ProbeCluster cluster = ref _clusters[_clusterHead];
            if (cluster.NextSendTimeUs(nowUs) > nowUs)
            {
                return 0;
            }

            long remaining = Math.Max(cluster.MinBytes - cluster.SentBytes, 1);
            _paddingAskedUs = nowUs;
            return (int)Math.Min(remaining, _options.MaxPaddingPacketBytes);
        }

        if (PaddingRateBps > 0 && _paddingDebtBits <= SendThresholdBits && _mediaDebtBits <= SendThresholdBits)
        {
            _paddingAskedUs = nowUs;
            return _options.MaxPaddingPacketBytes;
        }

        return 0;
    }

    /// <summary>
    /// When the driver should call again, µs (≥ <paramref name="nowUs"/>): the time the budget or the probe schedule lets
    /// the next queued packet leave, or, with an empty queue, the time padding is wanted (probe schedule or padding rate);
    /// <see cref="long.MaxValue"/> when there is nothing to do until the next <see cref="Enqueue"/>. A padding request
    /// (<see cref="GetPaddingBytesWanted"/> &gt; 0) that no <see cref="Enqueue"/> answered is asked again at most every
    /// 5 ms, so a driver that has nothing to pad with is not woken in a busy loop.
    /// </summary>
    public long NextSendTimeUs(long nowUs)
    {
        Update(nowUs);
        bool probing = TryGetActiveCluster(nowUs);
        long probeAt = probing ? Math.Max(nowUs, _clusters[_clusterHead].NextSendTimeUs(nowUs)) : long.MaxValue;
        if (QueuedPackets > 0)
        {
            return Math.Min(probeAt, nowUs + TimeToDrain(_mediaDebtBits, DrainRateBps));
        }

        long paddingAt = probeAt;
        if (!probing && PaddingRateBps > 0)
        {
            paddingAt = nowUs + Math.Max(TimeToDrain(_paddingDebtBits, PaddingRateBps), TimeToDrain(_mediaDebtBits, PacingRateBps));
        }

        if (paddingAt != long.MaxValue && _paddingAskedUs != long.MinValue)
        {
            paddingAt = Math.Max(paddingAt, _paddingAskedUs + UnansweredPaddingRetryUs);
        }

        return paddingAt;
    }

    /// <summary>
    /// Queues a probe cluster: from the next packet on, packets (media, or padding the pacer then asks for) leave at
    /// <paramref name="bitsPerSecond"/> until <paramref name="minPackets"/> packets and <paramref name="minBytes"/> bytes
    /// were sent; clusters run one after another. Dropped if not complete within
    /// <see cref="PacedSenderOptions.ProbeClusterTimeoutUs"/>.
    /// </summary>
    /// <returns>The cluster id (≥ 0), or -1 when 8 clusters are already pending.</returns>
    /// <exception cref="ArgumentOutOfRangeException">a non-positive rate, or negative minimums.</exception>
    public int CreateProbeCluster(long bitsPerSecond, int minPackets, int minBytes, long nowUs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(minPackets);
        ArgumentOutOfRangeException.ThrowIfNegative(minBytes);
        Update(nowUs);
        if (_clusterCount == MaxProbeClusters)
        {
            ProbeClustersRejected++;
            return -1;
        }

        int id = _nextClusterId;
        _nextClusterId = _nextClusterId == int.MaxValue ? 0 : _nextClusterId + 1;
        _clusters[(_clusterHead + _clusterCount) % MaxProbeClusters] = new ProbeCluster(id, bitsPerSecond, Math.Max(1, minPackets), minBytes, nowUs);
        _clusterCount++;
        return id;
    }

    private static long TimeToDrain(double debtBits, long rateBps) =>
        debtBits <= SendThresholdBits ? 0 : (long)Math.Ceiling(debtBits * 1_000_000 / rateBps);

    private bool TryGetActiveCluster(long nowUs)
    {
        while (_clusterCount > 0 && nowUs - _clusters[_clusterHead].CreatedUs > _options.ProbeClusterTimeoutUs)
        {
            RemoveHeadCluster();
            ProbeClustersExpired++;
        }

        return _clusterCount > 0;
    }

    private void RemoveHeadCluster()
    {
        _clusterHead = (_clusterHead + 1) % MaxProbeClusters;
        _clusterCount--;
    }

    private void Update(long nowUs)
    {
        if (!_started)
        {
            _started = true;
            _lastUpdateUs = nowUs;
            return;
        }

        long elapsed = nowUs - _lastUpdateUs;
        if (elapsed <= 0)
        {
            return;
        }

        double rate = DrainRateBps;
        _mediaDebtBits -= rate * elapsed / 1_000_000;
        double floor = QueuedPackets > 0 ? -(rate * _options.MaxBurstUs / 1_000_000) : 0;
        if (_mediaDebtBits < floor)
        {
            _mediaDebtBits = floor;
        }

        _paddingDebtBits = Math.Max(0, _paddingDebtBits - (PaddingRateBps * (double)elapsed / 1_000_000));
        _lastUpdateUs = nowUs;
    }
}
