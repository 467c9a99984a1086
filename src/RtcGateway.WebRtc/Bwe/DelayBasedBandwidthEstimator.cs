namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The delay-based controller of draft-ietf-rmcat-gcc-02 §5 run on the sender: packet grouping (§5.2,
/// <see cref="PacketGrouper"/>) → trendline of the queueing delay (in place of the §5.3 filter,
/// <see cref="TrendlineEstimator"/>) → over-use detector with adaptive threshold (§5.4, <see cref="OveruseDetector"/>)
/// → AIMD rate control (§5.5, <see cref="AimdRateControl"/>). Packets go in one at a time, the rate is updated once per
/// feedback message. Rates bits/s, times µs.
/// </summary>
internal sealed class DelayBasedBandwidthEstimator
{
    private long _groupResetsSeen;

    /// <summary>Creates the chain with the AIMD controller at the start rate within [min, max].</summary>
    public DelayBasedBandwidthEstimator(long startBps, long minBps, long maxBps) => RateControl = new AimdRateControl(startBps, minBps, maxBps);

    /// <summary>§5.2 grouping.</summary>
    public PacketGrouper Grouper { get; } = new();

    /// <summary>The trend filter.</summary>
    public TrendlineEstimator Trendline { get; } = new();

    /// <summary>§5.4 detector.</summary>
    public OveruseDetector Detector { get; } = new();

    /// <summary>§5.5 controller.</summary>
    public AimdRateControl RateControl { get; }

    /// <summary>When over-use was last signalled, µs; <see cref="long.MinValue"/> if never.</summary>
    public long LastOveruseUs { get; private set; } = long.MinValue;

    /// <summary>Over-use signals (transitions into over-use), count.</summary>
    public long OveruseSignals { get; private set; }

    /// <summary>Group deltas fed to the trendline, count.</summary>
    public long GroupDeltas { get; private set; }

    /// <summary>Feeds one received packet (in transport-wide sequence order).</summary>
    public void OnPacket(in PacketResult packet, long nowUs)
    {
        bool produced = Grouper.TryAdd(packet.SendTimeUs, packet.ArrivalTimeUs, packet.SizeBytes, out PacketGroupDelta delta);
        if (Grouper.Resets != _groupResetsSeen)
        {
            // The arrival clock jumped: the accumulated delay no longer means anything.
            _groupResetsSeen = Grouper.Resets;
            Trendline.Reset();
        }

        if (!produced)
        {
            return;
        }

        GroupDeltas++;
        Trendline.Update(delta);
        BandwidthUsage before = Detector.State;
        BandwidthUsage now = Detector.Detect(Trendline.ModifiedTrend, delta.SendDeltaUs / 1000.0, Trendline.DeltaCount, nowUs);
        if (now == BandwidthUsage.Overusing)
        {
            LastOveruseUs = nowUs;
            if (before != BandwidthUsage.Overusing)
            {
                OveruseSignals++;
            }
        }
    }

    /// <summary>Runs the rate controller on the detector's current signal.</summary>
    /// <param name="acknowledgedBps">R_hat, bits/s, or null.</param>
    /// <param name="nowUs">Current time, µs.</param>
    /// <returns>The delay-based estimate, bits/s.</returns>
    public long Update(long? acknowledgedBps, long nowUs) => RateControl.Update(Detector.State, acknowledgedBps, nowUs);
}
