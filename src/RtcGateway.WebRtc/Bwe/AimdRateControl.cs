namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The delay-based rate controller of draft-ietf-rmcat-gcc-02 §5.5: an AIMD state machine driven by the over-use
/// detector's signal and the acknowledged (incoming) bitrate R_hat.
/// <list type="bullet">
/// <item>Transitions (the §5.5 table): over-use → Decrease from any state; normal: Hold → Increase, Increase →
/// Increase, Decrease → Hold; under-use → Hold.</item>
/// <item>Increase, far from convergence: A ← A · 1.08^min(Δt s, 1) (8 %/s).</item>
/// <item>Increase, near convergence (R_hat and A not above 3σ over the rate at previous over-uses, see
/// <see cref="LinkCapacityTracker"/>): A ← A + max(1000, α · expected_packet_size_bits), α = 0.5 · min(Δt / response_time,
/// 1), response_time = 100 ms + RTT, expected packet size from 30 fps frames split into ≤ 1,200-byte packets.</item>
/// <item>The estimate is never raised above 1.5 · R_hat + 10 kbit/s (it must not diverge from what is delivered).</item>
/// <item>Decrease: A ← β · R_hat, β = 0.85, applied only when lower than A and at most once per
/// clamp(RTT, 10 ms, 200 ms); without R_hat, β · A.</item>
/// </list>
/// All rates bits/s, all times µs on the sender's clock; results clamped to [min, max].
/// </summary>
internal sealed class AimdRateControl
{
    /// <summary>β of §5.5.</summary>
    public const double Beta = 0.85;

    /// <summary>Multiplicative increase per second (8 %/s).</summary>
    public const double IncreaseFactorPerSecond = 1.08;

    /// <summary>Assumed frame rate for the expected packet size, frames/s.</summary>
    public const double AssumedFrameRate = 30;

    /// <summary>Largest assumed packet payload on the wire, bytes.</summary>
    public const int AssumedMaxPacketBytes = 1200;

    private readonly LinkCapacityTracker _linkCapacity = new();
    private long _lastUpdateUs;
    private bool _updated;
    private long _lastDecreaseUs;
    private bool _decreased;

    /// <summary>Creates the controller at <paramref name="startBps"/> within [min, max].</summary>
    public AimdRateControl(long startBps, long minBps, long maxBps)
    {
        MinBps = minBps;
        MaxBps = maxBps;
        EstimateBps = Math.Clamp(startBps, minBps, maxBps);
    }

    /// <summary>A_hat: the delay-based estimate, bits/s.</summary>
    public long EstimateBps { get; private set; }

    /// <summary>Current state of the §5.5 machine.</summary>
    public RateControlState State { get; private set; } = RateControlState.Hold;

    /// <summary>Lower bound, bits/s.</summary>
    public long MinBps { get; private set; }

    /// <summary>Upper bound, bits/s.</summary>
    public long MaxBps { get; private set; }

    /// <summary>Round-trip time used for the response time and the decrease interval, µs (default 100 ms).</summary>
    public long RttUs { get; set; } = 100_000;

    /// <summary>Decreases applied, count.</summary>
    public long Decreases { get; private set; }

    /// <summary>The link capacity band (diagnostics and tests).</summary>
    internal LinkCapacityTracker LinkCapacity => _linkCapacity;

    /// <summary>True while a link capacity band is known: increases are additive (near convergence).</summary>
    public bool NearConvergence => _linkCapacity.HasEstimate;

    /// <summary>Sets new bounds and clamps the estimate into them.</summary>
    public void SetBounds(long minBps, long maxBps)
    {
        MinBps = minBps;
        MaxBps = maxBps;
        EstimateBps = Math.Clamp(EstimateBps, minBps, maxBps);
    }

    /// <summary>Sets the estimate directly (a probe result showed the path carries it); forgets the link band.</summary>
    public void SetEstimate(long bps, long nowUs)
    {
        EstimateBps = Math.Clamp(bps, MinBps, MaxBps);
        _linkCapacity.Reset();
        _lastUpdateUs = nowUs;
        _updated = true;
    }

    /// <summary>Runs one §5.5 update.</summary>
    /// <param name="usage">The detector's signal.</param>
    /// <param name="acknowledgedBps">R_hat, bits/s, or null when not yet measured.</param>
    /// <param name="nowUs">Current time, µs.</param>
    /// <returns>The new estimate, bits/s.</returns>
    public long Update(BandwidthUsage usage, long? acknowledgedBps, long nowUs)
    {
        State = usage switch
        {
            BandwidthUsage.Overusing => RateControlState.Decrease,
            BandwidthUsage.Underusing => RateControlState.Hold,
            _ => State == RateControlState.Decrease ? RateControlState.Hold : RateControlState.Increase,
        };

        double dtUs = _updated ? Math.Clamp(nowUs - _lastUpdateUs, 0, 1_000_000) : 0;
        _lastUpdateUs = nowUs;
        _updated = true;
        double estimate = EstimateBps;

        if (State == RateControlState.Increase)
        {
            // Beyond 3σ above the last congestion rate (measured, or the estimate itself when nothing was measured
            // lately): the link is not where it was, so back to multiplicative increase.
            double reference = Math.Max(estimate, acknowledgedBps ?? 0);
            if (_linkCapacity.HasEstimate && reference > _linkCapacity.UpperBoundBps)
            {
                _linkCapacity.Reset();
            }

            double increased = _linkCapacity.HasEstimate
                ? estimate + AdditiveIncrease(estimate, dtUs)
                : estimate * Math.Pow(IncreaseFactorPerSecond, dtUs / 1_000_000.0);
            if (acknowledgedBps is long ackedCap)
            {
                increased = Math.Min(increased, Math.Max(estimate, (1.5 * ackedCap) + 10_000));
            }

            estimate = Math.Max(estimate, increased);
        }
        else if (State == RateControlState.Decrease && TimeToReduceFurther(nowUs))
        {
            double decreased;
            if (acknowledgedBps is long acked && acked > 0)
            {
                decreased = Beta * acked;
                if (decreased >= estimate && _linkCapacity.HasEstimate)
                {
                    decreased = Beta * _linkCapacity.MeanBps;
                }

                _linkCapacity.OnOveruse(acked);
            }
            else
            {
                decreased = Beta * estimate;
            }

            if (decreased < estimate)
            {
                estimate = decreased;
                Decreases++;
            }

            _lastDecreaseUs = nowUs;
            _decreased = true;
        }

        EstimateBps = ClampToBounds(estimate);
        return EstimateBps;
    }

    /// <summary>§5.5 additive increase for an elapsed Δt: max(1000, α · expected packet bits), bits/s.</summary>
    internal double AdditiveIncrease(double estimateBps, double dtUs)
    {
        double responseTimeUs = 100_000 + Math.Max(0, RttUs);
        double alpha = 0.5 * Math.Min(dtUs / responseTimeUs, 1.0);
        double bitsPerFrame = estimateBps / AssumedFrameRate;
        double packetsPerFrame = Math.Max(1, Math.Ceiling(bitsPerFrame / (AssumedMaxPacketBytes * 8)));
        double expectedPacketBits = bitsPerFrame / packetsPerFrame;
        return Math.Max(1000, alpha * expectedPacketBits);
    }

    private bool TimeToReduceFurther(long nowUs)
    {
        if (!_decreased)
        {
            return true;
        }

        long interval = Math.Clamp(RttUs, 10_000, 200_000);
        long since = nowUs - _lastDecreaseUs;
        return since >= interval || since < 0;
    }

    private long ClampToBounds(double bps) =>
        double.IsFinite(bps) ? (long)Math.Clamp(bps, MinBps, MaxBps) : EstimateBps;
}
