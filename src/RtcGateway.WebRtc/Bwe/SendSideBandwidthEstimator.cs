namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Send-side bandwidth estimation for one viewer (one transport), after draft-ietf-rmcat-gcc-02 ("Google Congestion
/// Control"): the delay-based controller (§5: grouping, trendline, adaptive-threshold over-use detector, AIMD on the
/// acknowledged bitrate) and the loss-based controller (§6) run on transport-wide feedback; the target is
/// min(delay-based, loss-based), capped by the receiver's REMB when one was received, within [min, max].
/// Without transport-wide feedback only the loss-based controller (fed by receiver reports) and REMB act.
/// A probe controller asks the pacer for probe clusters (<see cref="PendingProbeClusters"/>) and the received rate of
/// a probe lets the estimate jump up to it.
/// </summary>
/// <remarks>
/// Sans-IO and single-threaded: no clock, no timers; every input carries the caller's time in µs (the sender's
/// monotonic clock; arrival times in feedback are on the receiver's clock and only their differences are used).
/// The driver calls <see cref="OnPacketSent"/> for each packet, <see cref="OnTransportFeedback"/>,
/// <see cref="OnReceiverReport"/> and <see cref="OnRemb"/> as RTCP arrives, and <see cref="Process"/> every few tens
/// of ms; then reads <see cref="TargetBitrateBps"/> and drains <see cref="TryDequeueProbeCluster"/> into the pacer.
/// Bad input (absurd sizes, arrival times going backwards or jumping, duplicate or reordered feedback, negative
/// rates) is counted in <see cref="Counters"/> or ignored; it never throws and never moves the target outside
/// [min, max]. Only the bounds given by the caller (configuration) are validated with exceptions.
/// No allocation per packet or per feedback.
/// </remarks>
public sealed class SendSideBandwidthEstimator
{
    /// <summary>Receiver-report loss is used only when no transport-wide feedback came for this long, µs.</summary>
    public const long TransportFeedbackFreshUs = 2_000_000;

    /// <summary>Largest packet size accepted in feedback, bytes.</summary>
    public const int MaxPacketBytes = 65_535;

    private readonly DelayBasedBandwidthEstimator _delayBased;
    private readonly LossBasedBandwidthEstimator _lossBased;
    private readonly AcknowledgedBitrateEstimator _acknowledged = new();
    private readonly ProbeBitrateEstimator _probeBitrate = new();
    private readonly ProbeController _probeController = new();
    private readonly AlrDetector _alr = new();
    private readonly Action<ProbeClusterRequest> _registerProbe;

    private long _highestSequence = long.MinValue;
    private bool _hasTransportFeedback;
    private long _lastTransportFeedbackUs;
    private bool _rttFromReports;
    private long _feedbacks;
    private long _packetsReceived;
    private long _packetsLost;
    private long _stalePackets;
    private long _invalidPackets;
    private long _probeResults;

    /// <summary>Creates the estimator.</summary>
    /// <param name="startBitrateBps">Rate to start from, bits/s (clamped into the bounds).</param>
    /// <param name="minBitrateBps">Lower bound of the target, bits/s, &gt; 0.</param>
    /// <param name="maxBitrateBps">Upper bound of the target, bits/s, ≥ <paramref name="minBitrateBps"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not 0 &lt; min ≤ max.</exception>
    public SendSideBandwidthEstimator(long startBitrateBps, long minBitrateBps, long maxBitrateBps)
    {
        ValidateBounds(minBitrateBps, maxBitrateBps);
        MinBitrateBps = minBitrateBps;
        MaxBitrateBps = maxBitrateBps;
        long start = Math.Clamp(startBitrateBps, minBitrateBps, maxBitrateBps);
        _delayBased = new DelayBasedBandwidthEstimator(start, minBitrateBps, maxBitrateBps);
        _lossBased = new LossBasedBandwidthEstimator(start, minBitrateBps, maxBitrateBps);
        _registerProbe = _probeBitrate.Register;
        TargetBitrateBps = start;
    }

    /// <summary>The target send bitrate, bits/s, always within [<see cref="MinBitrateBps"/>, <see cref="MaxBitrateBps"/>].</summary>
    public long TargetBitrateBps { get; private set; }

    /// <summary>Lower bound, bits/s.</summary>
    public long MinBitrateBps { get; private set; }

    /// <summary>Upper bound, bits/s.</summary>
    public long MaxBitrateBps { get; private set; }

    /// <summary>The delay-based (AIMD) estimate A_hat, bits/s.</summary>
    public long DelayBasedBitrateBps => _delayBased.RateControl.EstimateBps;

    /// <summary>The loss-based estimate A_s, bits/s.</summary>
    public long LossBasedBitrateBps => _lossBased.EstimateBps;

    /// <summary>R_hat: what the receiver got over the last 0.5 s, bits/s; null until measured.</summary>
    public long? AcknowledgedBitrateBps => _acknowledged.BitrateBps;

    /// <summary>The last REMB, bits/s; null if none was received.</summary>
    public long? RembBitrateBps { get; private set; }

    /// <summary>The over-use detector's current signal.</summary>
    public BandwidthUsage DelayState => _delayBased.Detector.State;

    /// <summary>The AIMD controller's current state.</summary>
    public RateControlState RateControlState => _delayBased.RateControl.State;

    /// <summary>The trendline's modified trend m(i) (threshold scale, see <see cref="ThresholdMs"/>).</summary>
    public double Trend => _delayBased.Detector.Trend;

    /// <summary>The adaptive threshold del_var_th, ms.</summary>
    public double ThresholdMs => _delayBased.Detector.ThresholdMs;

    /// <summary>The last loss fraction evaluated by the loss-based controller, 0–1.</summary>
    public double LossFraction => _lossBased.LastLossFraction;

    /// <summary>The round-trip time in use, µs: from receiver reports, else from feedback (send → feedback), else 100 ms.</summary>
    public long RttUs { get; private set; } = 100_000;

    /// <summary>Probe clusters waiting for the pacer, oldest first (<see cref="TryDequeueProbeCluster"/> takes them).</summary>
    public ReadOnlySpan<ProbeClusterRequest> PendingProbeClusters => _probeController.Pending;

    /// <summary>Counters since creation.</summary>
    public BweCounters Counters => new(
        _feedbacks, _packetsReceived, _packetsLost, _stalePackets, _invalidPackets,
        _delayBased.Grouper.ReorderedPackets + _delayBased.Grouper.ReorderedGroups, _delayBased.Grouper.Resets + _acknowledged.Resets, _delayBased.OveruseSignals,
        _delayBased.RateControl.Decreases, _lossBased.Decreases, _probeController.Requested, _probeResults);

    /// <summary>Sets new bounds (e.g. the camera's MinBitrateKbps/BitrateKbps) and clamps every estimate into them.</summary>
    /// <param name="minBitrateBps">Lower bound, bits/s, &gt; 0.</param>
    /// <param name="maxBitrateBps">Upper bound, bits/s, ≥ <paramref name="minBitrateBps"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not 0 &lt; min ≤ max.</exception>
    public void SetBounds(long minBitrateBps, long maxBitrateBps)
    {
        ValidateBounds(minBitrateBps, maxBitrateBps);
        MinBitrateBps = minBitrateBps;
        MaxBitrateBps = maxBitrateBps;
        _delayBased.RateControl.SetBounds(minBitrateBps, maxBitrateBps);
        _lossBased.SetBounds(minBitrateBps, maxBitrateBps);
        TargetBitrateBps = Math.Clamp(TargetBitrateBps, minBitrateBps, maxBitrateBps);
    }

    /// <summary>Records a sent packet (media, RTX or padding) for application-limited detection.</summary>
    /// <param name="sendTimeUs">Send time, µs.</param>
    /// <param name="sizeBytes">Bytes on the wire.</param>
    public void OnPacketSent(long sendTimeUs, int sizeBytes) => _alr.OnPacketSent(sendTimeUs, sizeBytes);

    /// <summary>Processes one transport-wide feedback resolved against the send history.</summary>
    /// <param name="feedback">The feedback; null or one without packets is ignored.</param>
    public void OnTransportFeedback(TransportPacketsFeedback feedback)
    {
        if (feedback?.Packets is not { } packets)
        {
            return;
        }

        long nowUs = feedback.FeedbackTimeUs;
        _feedbacks++;
        _hasTransportFeedback = true;
        _lastTransportFeedbackUs = nowUs;
        int lost = 0, expected = 0;
        long minRttUs = long.MaxValue, probeRateBps = 0;
        for (int i = 0; i < packets.Count; i++)
        {
            PacketResult packet = packets[i];
            if (packet.TransportSequenceNumber <= _highestSequence)
            {
                _stalePackets++;
                continue;
            }

            _highestSequence = packet.TransportSequenceNumber;
            if (packet.SizeBytes <= 0 || packet.SizeBytes > MaxPacketBytes)
            {
                _invalidPackets++;
                continue;
            }

            expected++;
            if (!packet.Received)
            {
                lost++;
                continue;
            }

            long rtt = nowUs - packet.SendTimeUs;
            if (rtt >= 0 && rtt < minRttUs)
            {
                minRttUs = rtt;
            }

            _acknowledged.Add(packet.ArrivalTimeUs, packet.SizeBytes);
            _delayBased.OnPacket(packet, nowUs);
            if (packet.ProbeClusterId >= 0 && _probeBitrate.TryAdd(packet, out long probeBps))
            {
                probeRateBps = Math.Max(probeRateBps, probeBps);
            }
        }

        _packetsLost += lost;
        _packetsReceived += expected - lost;
        if (!_rttFromReports && minRttUs <= 10_000_000)
        {
            SetRtt(minRttUs);
        }

        if (expected == 0)
        {
            return;
        }

        _delayBased.Update(_acknowledged.BitrateBps, nowUs);
        if (probeRateBps > 0)
        {
            _probeResults++;
            if (probeRateBps > _delayBased.RateControl.EstimateBps && _delayBased.Detector.State != BandwidthUsage.Overusing)
            {
                _delayBased.RateControl.SetEstimate(probeRateBps, nowUs);
            }

            _lossBased.RaiseTo(probeRateBps);
        }

        _lossBased.OnPacketResults(lost, expected, TargetBitrateBps, RttUs, nowUs);
        UpdateTarget(nowUs);
        if (probeRateBps > 0)
        {
            _probeController.OnProbeResult(probeRateBps, TargetBitrateBps, MaxBitrateBps, nowUs, _registerProbe);
        }
    }

    /// <summary>Processes an RTCP receiver report block about our media (RFC 3550 §6.4.1).</summary>
    /// <param name="fractionLost">Fraction lost since the previous report, fixed point /256 (RFC 3550 §6.4.1).</param>
    /// <param name="rttMs">Round-trip time from LSR/DLSR, ms; NaN, negative or above 60 s is ignored.</param>
    /// <param name="nowUs">Current time, µs.</param>
    public void OnReceiverReport(byte fractionLost, double rttMs, long nowUs)
    {
        if (double.IsFinite(rttMs) && rttMs >= 0 && rttMs <= 60_000)
        {
            _rttFromReports = true;
            SetRtt((long)(rttMs * 1000));
        }

        long sinceFeedback = nowUs - _lastTransportFeedbackUs;
        if (!_hasTransportFeedback || sinceFeedback > TransportFeedbackFreshUs || sinceFeedback < 0)
        {
            _lossBased.Evaluate(fractionLost / 256.0, TargetBitrateBps, RttUs, nowUs);
        }

        UpdateTarget(nowUs);
    }

    /// <summary>Processes a REMB (draft-alvestrand-rmcat-remb-03): the receiver's own estimate caps the target.</summary>
    /// <param name="bitsPerSecond">The REMB bitrate, bits/s; negative values are ignored.</param>
    /// <param name="nowUs">Current time, µs.</param>
    public void OnRemb(long bitsPerSecond, long nowUs)
    {
        if (bitsPerSecond < 0)
        {
            _invalidPackets++;
            return;
        }

        RembBitrateBps = bitsPerSecond;
        UpdateTarget(nowUs);
    }

    /// <summary>Time-driven work: initial, periodic (ALR or quiet path) and after-drop probe requests.</summary>
    /// <param name="nowUs">Current time, µs.</param>
    public void Process(long nowUs)
    {
        long lastOveruse = _delayBased.LastOveruseUs;
        long sinceOveruse = lastOveruse == long.MinValue ? long.MaxValue : nowUs - lastOveruse;
        bool inAlr = _alr.InAlr(TargetBitrateBps, nowUs);
        _probeController.Process(nowUs, TargetBitrateBps, MaxBitrateBps, inAlr, sinceOveruse, _registerProbe);
    }

    /// <summary>Takes the oldest pending probe cluster request for the pacer.</summary>
    /// <param name="request">The request, when one was pending.</param>
    /// <returns>True when a request was taken.</returns>
    public bool TryDequeueProbeCluster(out ProbeClusterRequest request) => _probeController.TryDequeue(out request);

    private static void ValidateBounds(long minBitrateBps, long maxBitrateBps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minBitrateBps, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBitrateBps, minBitrateBps);
    }

    private void SetRtt(long rttUs)
    {
        RttUs = rttUs;
        _delayBased.RateControl.RttUs = rttUs;
    }

    private void UpdateTarget(long nowUs)
    {
        long target = _hasTransportFeedback ? Math.Min(_delayBased.RateControl.EstimateBps, _lossBased.EstimateBps) : _lossBased.EstimateBps;
        if (RembBitrateBps is long remb)
        {
            target = Math.Min(target, remb);
        }

        TargetBitrateBps = Math.Clamp(target, MinBitrateBps, MaxBitrateBps);
        _probeController.OnEstimate(TargetBitrateBps, nowUs);
    }
}
