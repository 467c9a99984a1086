using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

/// <summary>
/// Discrete-time (1 ms step) simulation of one viewer behind a bottleneck, in fake time: a sender producing 30 fps
/// video frames of ≤ 1,200-byte packets at the estimator's target, paced at 2.5 × target; probe clusters sent one
/// after another as requested, like a pacer does it: at the cluster's rate, queued media first and padding when none
/// is queued, every packet sent during the cluster tagged with its id; a bottleneck link of capacity C (changeable at any time) with a drop-tail FIFO (a packet that would wait
/// more than 300 ms is dropped); optional random loss after the bottleneck; 20 ms one-way delay each way; the receiver
/// sends transport-wide feedback every 50 ms and a receiver report (RTT) every second.
/// Receiver times carry an arbitrary offset: the estimator may only use their differences.
/// </summary>
internal sealed class BottleneckLinkSimulation
{
    public const long StepUs = 1_000;
    public const long FrameIntervalUs = 33_333;
    public const int MaxPacketBytes = 1200;
    public const double PacingFactor = 2.5;
    public const long ReceiverClockOffsetUs = 987_654_321;

    private readonly Random _random;
    private readonly Queue<int> _mediaQueue = new();
    private readonly Queue<ProbeClusterRequest> _probeQueue = new();
    private ProbeClusterRequest _activeProbe;
    private bool _probing;
    private int _probePacketsSent;
    private long _probeBytesSent;
    private long _nextProbeSendUs;
    private readonly List<(long SendUs, int Size, int Cluster)> _sent = [];
    private readonly List<long> _arrival = [];
    private readonly Queue<TransportPacketsFeedback> _feedbackInFlight = new();
    private readonly Queue<long> _feedbackDeliveryUs = new();
    private long _nextFrameUs;
    private double _pacingBudgetBytes;
    private long _linkFreeAtUs;
    private long _lastReportedSeq = -1;
    private long _nextFeedbackUs;
    private long _nextReportUs;

    public BottleneckLinkSimulation(long startBps, long minBps, long maxBps, long capacityBps, int seed = 1)
    {
        Estimator = new SendSideBandwidthEstimator(startBps, minBps, maxBps);
        CapacityBps = capacityBps;
        _random = new Random(seed);
        _nextFeedbackUs = FeedbackIntervalUs;
        _nextReportUs = 1_000_000;
    }

    public SendSideBandwidthEstimator Estimator { get; }

    public long CapacityBps { get; set; }

    public double RandomLossRate { get; set; }

    public long OneWayDelayUs { get; set; } = 20_000;

    /// <summary>The encoder never produces more than this, bits/s (application limited below the target).</summary>
    public long MediaCapBps { get; set; } = long.MaxValue;

    /// <summary>Uniform random extra delay after the bottleneck, 0 to this, µs (may reorder packets).</summary>
    public long ArrivalJitterUs { get; set; }

    public long QueueLimitUs { get; set; } = 300_000;

    public long FeedbackIntervalUs { get; set; } = 50_000;

    public long NowUs { get; private set; }

    public long DroppedAtQueue { get; private set; }

    /// <summary>The target sampled every 10 ms: (time µs, bits/s).</summary>
    public List<(long TimeUs, long TargetBps)> Trace { get; } = [];

    public void RunUntil(long endUs)
    {
        while (NowUs < endUs)
        {
            NowUs += StepUs;
            Step();
        }
    }

    private void Step()
    {
        long now = NowUs;
        while (_feedbackDeliveryUs.Count > 0 && _feedbackDeliveryUs.Peek() <= now)
        {
            _feedbackDeliveryUs.Dequeue();
            Estimator.OnTransportFeedback(_feedbackInFlight.Dequeue());
        }

        if (now >= _nextReportUs)
        {
            _nextReportUs += 1_000_000;
            double queueMs = Math.Max(0, _linkFreeAtUs - now) / 1000.0;
            Estimator.OnReceiverReport(0, (2 * OneWayDelayUs / 1000.0) + queueMs, now);
        }

        Estimator.Process(now);
        while (Estimator.TryDequeueProbeCluster(out ProbeClusterRequest probe))
        {
            _probeQueue.Enqueue(probe);
        }

        long target = Estimator.TargetBitrateBps;
        if (now >= _nextFrameUs)
        {
            _nextFrameUs += FrameIntervalUs;
            long frameBytes = Math.Min(target, MediaCapBps) * FrameIntervalUs / 8 / 1_000_000;
            for (long left = frameBytes; left > 0; left -= MaxPacketBytes)
            {
                _mediaQueue.Enqueue((int)Math.Min(left, MaxPacketBytes));
            }
        }

        if (!_probing && _probeQueue.Count > 0)
        {
            _activeProbe = _probeQueue.Dequeue();
            _probing = true;
            _probePacketsSent = 0;
            _probeBytesSent = 0;
            _nextProbeSendUs = now;
        }

        if (_probing)
        {
            while (_probing && _nextProbeSendUs <= now)
            {
                int size = _mediaQueue.Count > 0 ? _mediaQueue.Dequeue() : MaxPacketBytes;
                Send(size, _activeProbe.ClusterId);
                _probePacketsSent++;
                _probeBytesSent += size;
                _nextProbeSendUs += Math.Max(1, size * 8L * 1_000_000 / _activeProbe.BitsPerSecond);
                _probing = _probePacketsSent < _activeProbe.MinPackets || _probeBytesSent < _activeProbe.MinBytes;
            }

            _pacingBudgetBytes = 0;
        }
        else
        {
            _pacingBudgetBytes = Math.Min(_pacingBudgetBytes + (PacingFactor * target * StepUs / 8 / 1_000_000), 2 * MaxPacketBytes);
            while (_mediaQueue.Count > 0 && _pacingBudgetBytes > 0)
            {
                int size = _mediaQueue.Dequeue();
                _pacingBudgetBytes -= size;
                Send(size, -1);
            }
        }

        if (now >= _nextFeedbackUs)
        {
            _nextFeedbackUs += FeedbackIntervalUs;
            SendFeedback(now);
        }

        if (now % 10_000 == 0)
        {
            Trace.Add((now, Estimator.TargetBitrateBps));
        }
    }

    private void Send(int size, int cluster)
    {
        long now = NowUs;
        _sent.Add((now, size, cluster));
        Estimator.OnPacketSent(now, size);
        long arrival = PacketResult.NotReceived;
        if (_linkFreeAtUs - now > QueueLimitUs)
        {
            DroppedAtQueue++;
        }
        else
        {
            long departure = Math.Max(now, _linkFreeAtUs) + (size * 8L * 1_000_000 / CapacityBps);
            _linkFreeAtUs = departure;
            if (_random.NextDouble() >= RandomLossRate)
            {
                arrival = departure + OneWayDelayUs + (ArrivalJitterUs > 0 ? _random.NextInt64(ArrivalJitterUs + 1) : 0);
            }
        }

        _arrival.Add(arrival);
    }

    private void SendFeedback(long now)
    {
        // Report up to the newest packet that has arrived by now; the ones before it that did not arrive are lost.
        long highest = _lastReportedSeq;
        for (long seq = _lastReportedSeq + 1; seq < _arrival.Count; seq++)
        {
            long a = _arrival[(int)seq];
            if (a != PacketResult.NotReceived && a <= now)
            {
                highest = seq;
            }
            else if (a != PacketResult.NotReceived)
            {
                break;
            }
        }

        if (highest == _lastReportedSeq)
        {
            return;
        }

        var packets = new List<PacketResult>((int)(highest - _lastReportedSeq));
        for (long seq = _lastReportedSeq + 1; seq <= highest; seq++)
        {
            var (sendUs, size, cluster) = _sent[(int)seq];
            long a = _arrival[(int)seq];
            packets.Add(new PacketResult(seq, sendUs, size, a == PacketResult.NotReceived ? a : a + ReceiverClockOffsetUs, cluster));
        }

        _lastReportedSeq = highest;
        long deliveryUs = now + OneWayDelayUs;
        _feedbackInFlight.Enqueue(new TransportPacketsFeedback(deliveryUs, packets));
        _feedbackDeliveryUs.Enqueue(deliveryUs);
    }

    // ---- measurements over the trace ----

    public IEnumerable<long> TargetsBetween(long fromUs, long toUs) =>
        Trace.Where(s => s.TimeUs >= fromUs && s.TimeUs <= toUs).Select(s => s.TargetBps);

    /// <summary>Earliest time from which every sample up to <paramref name="untilUs"/> is within [low, high]; null if none.</summary>
    public long? SettledWithinFrom(long lowBps, long highBps, long untilUs)
    {
        long? settled = null;
        foreach (var (t, bps) in Trace.Where(s => s.TimeUs <= untilUs))
        {
            if (bps < lowBps || bps > highBps)
            {
                settled = null;
            }
            else
            {
                settled ??= t;
            }
        }

        return settled;
    }

    /// <summary>First sample time at or after <paramref name="fromUs"/> satisfying <paramref name="predicate"/>; null if none.</summary>
    public long? FirstTime(long fromUs, Func<long, bool> predicate) =>
        Trace.Where(s => s.TimeUs >= fromUs && predicate(s.TargetBps)).Select(s => (long?)s.TimeUs).FirstOrDefault();
}
