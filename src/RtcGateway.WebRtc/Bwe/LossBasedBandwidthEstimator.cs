namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The loss-based controller of draft-ietf-rmcat-gcc-02 §6, run on the fraction of packets lost p:
/// p &lt; 2 % → A_s ← max(A_s, target) · 1.08^Δt (Δt in s, ≤ 1; the draft's 5 % per report is raised to 8 %/s as
/// deployed; starting from at least the target keeps a loss-free path from throttling the delay-based increase);
/// 2 % ≤ p ≤ 10 % → hold; p &gt; 10 % → A_s ← A_s · (1 − 0.5 p), at most once per 300 ms + RTT.
/// Hold and decrease start from min(A_s, the current target) (the rate actually sent), so a loss-based estimate that
/// grew while delay limited the target does not mask loss. Loss from transport-wide feedback is accumulated until at
/// least <see cref="MinPacketsPerEvaluation"/> packets and <see cref="MinEvaluationIntervalUs"/> (the cadence of
/// receiver reports the draft assumes), so that a handful of random losses is not read as congestion.
/// Rates bits/s, times µs; results within [min, max]. Never throws.
/// </summary>
internal sealed class LossBasedBandwidthEstimator
{
    /// <summary>Below this loss fraction the estimate increases.</summary>
    public const double LowLossThreshold = 0.02;

    /// <summary>Above this loss fraction the estimate decreases.</summary>
    public const double HighLossThreshold = 0.10;

    /// <summary>Increase per second at low loss.</summary>
    public const double IncreaseFactorPerSecond = 1.08;

    /// <summary>Packets to accumulate before a loss fraction is evaluated.</summary>
    public const int MinPacketsPerEvaluation = 20;

    /// <summary>Feedback loss is evaluated at most this often, µs.</summary>
    public const long MinEvaluationIntervalUs = 1_000_000;

    /// <summary>Decreases are spaced by at least this plus the RTT, µs.</summary>
    public const long DecreaseIntervalUs = 300_000;

    private long _lost;
    private long _expected;
    private long _windowStartUs;
    private bool _windowStarted;
    private long _lastEvaluationUs;
    private bool _evaluated;
    private long _lastDecreaseUs;
    private bool _decreased;

    /// <summary>Creates the controller at the start rate within [min, max].</summary>
    public LossBasedBandwidthEstimator(long startBps, long minBps, long maxBps)
    {
        MinBps = minBps;
        MaxBps = maxBps;
        EstimateBps = Math.Clamp(startBps, minBps, maxBps);
    }

    /// <summary>A_s, bits/s.</summary>
    public long EstimateBps { get; private set; }

    /// <summary>Lower bound, bits/s.</summary>
    public long MinBps { get; private set; }

    /// <summary>Upper bound, bits/s.</summary>
    public long MaxBps { get; private set; }

    /// <summary>The last evaluated loss fraction p, 0–1.</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>Decreases applied, count.</summary>
    public long Decreases { get; private set; }

    /// <summary>Sets new bounds and clamps the estimate.</summary>
    public void SetBounds(long minBps, long maxBps)
    {
        MinBps = minBps;
        MaxBps = maxBps;
        EstimateBps = Math.Clamp(EstimateBps, minBps, maxBps);
    }

    /// <summary>
    /// Raises A_s to at least <paramref name="bps"/> (a probe showed the path carries it), unless the last evaluated
    /// loss was above <see cref="HighLossThreshold"/>: a probe getting through says nothing against heavy loss.
    /// </summary>
    public void RaiseTo(long bps)
    {
        if (LastLossFraction <= HighLossThreshold)
        {
            EstimateBps = Math.Clamp(Math.Max(EstimateBps, bps), MinBps, MaxBps);
        }
    }

    /// <summary>Accumulates one feedback's packet fates and evaluates once enough are in.</summary>
    /// <param name="lost">Packets reported lost.</param>
    /// <param name="expected">Packets reported (lost + received).</param>
    /// <param name="targetBps">The current combined target, bits/s.</param>
    /// <param name="rttUs">Round-trip time, µs.</param>
    /// <param name="nowUs">Current time, µs.</param>
    public void OnPacketResults(int lost, int expected, long targetBps, long rttUs, long nowUs)
    {
        if (expected <= 0 || lost < 0 || lost > expected)
        {
            return;
        }

        if (!_windowStarted)
        {
            _windowStarted = true;
            _windowStartUs = nowUs;
        }

        _lost += lost;
        _expected += expected;
        long elapsed = nowUs - _windowStartUs;
        if (_expected >= MinPacketsPerEvaluation && (elapsed >= MinEvaluationIntervalUs || elapsed < 0))
        {
            double p = (double)_lost / _expected;
            _lost = 0;
            _expected = 0;
            _windowStartUs = nowUs;
            Evaluate(p, targetBps, rttUs, nowUs);
        }
    }

    /// <summary>Runs §6 on a loss fraction (from transport-wide feedback or a receiver report).</summary>
    /// <param name="lossFraction">p, 0–1; values outside are clamped, NaN ignored.</param>
    /// <param name="targetBps">The current combined target, bits/s.</param>
    /// <param name="rttUs">Round-trip time, µs.</param>
    /// <param name="nowUs">Current time, µs.</param>
    public void Evaluate(double lossFraction, long targetBps, long rttUs, long nowUs)
    {
        if (double.IsNaN(lossFraction))
        {
            return;
        }

        double p = Math.Clamp(lossFraction, 0, 1);
        LastLossFraction = p;
        double dtS = _evaluated ? Math.Clamp((nowUs - _lastEvaluationUs) / 1_000_000.0, 0, 1) : 0;
        _lastEvaluationUs = nowUs;
        _evaluated = true;
        double basis = Math.Min(EstimateBps, targetBps);
        double estimate = EstimateBps;
        if (p < LowLossThreshold)
        {
            estimate = Math.Max(EstimateBps, targetBps) * Math.Pow(IncreaseFactorPerSecond, dtS);
        }
        else if (p <= HighLossThreshold)
        {
            estimate = basis;
        }
        else
        {
            long since = nowUs - _lastDecreaseUs;
            if (!_decreased || since >= DecreaseIntervalUs + Math.Max(0, rttUs) || since < 0)
            {
                estimate = basis * (1 - (0.5 * p));
                _lastDecreaseUs = nowUs;
                _decreased = true;
                Decreases++;
            }
            else
            {
                estimate = basis;
            }
        }

        if (double.IsFinite(estimate))
        {
            EstimateBps = (long)Math.Clamp(estimate, MinBps, MaxBps);
        }
    }
}
