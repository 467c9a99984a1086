namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The over-use detector with the adaptive threshold of draft-ietf-rmcat-gcc-02 §5.4, fed the trendline's modified
/// trend m(i). Over-use is signalled when m(i) &gt; del_var_th(i) has held for at least
/// <see cref="OverusingTimeThresholdMs"/> (and more than one delta) and m(i) ≥ m(i−1); under-use when
/// m(i) &lt; −del_var_th(i); normal otherwise. The threshold follows |m(i)|:
/// del_var_th(i) = del_var_th(i−1) + Δt · K(i) · (|m(i)| − del_var_th(i−1)), K = <see cref="KUp"/> when
/// |m(i)| &gt; del_var_th(i−1) else <see cref="KDown"/>, Δt in ms capped at 100 ms, skipped when
/// |m(i)| − del_var_th &gt; 15 ms, clamped to [6, 600] ms.
/// </summary>
internal sealed class OveruseDetector
{
    /// <summary>K_u of §5.4.</summary>
    public const double KUp = 0.01;

    /// <summary>K_d of §5.4.</summary>
    public const double KDown = 0.00018;

    /// <summary>overuse_time_th of §5.4, ms.</summary>
    public const double OverusingTimeThresholdMs = 10;

    /// <summary>Initial del_var_th, ms.</summary>
    public const double InitialThresholdMs = 12.5;

    /// <summary>Lower clamp of del_var_th, ms.</summary>
    public const double MinThresholdMs = 6;

    /// <summary>Upper clamp of del_var_th, ms.</summary>
    public const double MaxThresholdMs = 600;

    /// <summary>The threshold is not adapted to samples further than this above it (sudden spikes), ms.</summary>
    public const double MaxAdaptOffsetMs = 15;

    /// <summary>The threshold adaptation's Δt is capped at this, ms.</summary>
    public const double MaxThresholdUpdateIntervalMs = 100;

    private double _timeOverUsingMs = -1;
    private int _overuseCounter;
    private double _previousTrend;
    private long _lastThresholdUpdateUs;
    private bool _thresholdUpdated;

    /// <summary>del_var_th, ms.</summary>
    public double ThresholdMs { get; private set; } = InitialThresholdMs;

    /// <summary>The latest signal.</summary>
    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    /// <summary>Last modified trend seen, threshold scale.</summary>
    public double Trend => _previousTrend;

    /// <summary>Back to the initial threshold and state.</summary>
    public void Reset()
    {
        _timeOverUsingMs = -1;
        _overuseCounter = 0;
        _previousTrend = 0;
        _thresholdUpdated = false;
        ThresholdMs = InitialThresholdMs;
        State = BandwidthUsage.Normal;
    }

    /// <summary>Classifies one new trend value.</summary>
    /// <param name="trend">m(i): the trendline's modified trend.</param>
    /// <param name="sendDeltaMs">The inter-departure time of the group pair, ms: how long the condition held.</param>
    /// <param name="deltaCount">Deltas the trend is based on; fewer than 2 gives Normal.</param>
    /// <param name="nowUs">Current time, µs (sender's clock), for the threshold's Δt.</param>
    public BandwidthUsage Detect(double trend, double sendDeltaMs, int deltaCount, long nowUs)
    {
        if (deltaCount < 2 || !double.IsFinite(trend))
        {
            return State;
        }

        if (trend > ThresholdMs)
        {
            _timeOverUsingMs = _timeOverUsingMs < 0 ? sendDeltaMs / 2 : _timeOverUsingMs + sendDeltaMs;
            _overuseCounter++;
            if (_timeOverUsingMs > OverusingTimeThresholdMs && _overuseCounter > 1 && trend >= _previousTrend)
            {
                _timeOverUsingMs = 0;
                _overuseCounter = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (trend < -ThresholdMs)
        {
            _timeOverUsingMs = -1;
            _overuseCounter = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverUsingMs = -1;
            _overuseCounter = 0;
            State = BandwidthUsage.Normal;
        }

        _previousTrend = trend;
        UpdateThreshold(trend, nowUs);
        return State;
    }

    /// <summary>§5.4 threshold adaptation (internal so that tests can check the formula on its own).</summary>
    internal void UpdateThreshold(double trend, long nowUs)
    {
        if (!_thresholdUpdated)
        {
            _thresholdUpdated = true;
            _lastThresholdUpdateUs = nowUs;
        }

        double magnitude = Math.Abs(trend);
        if (magnitude > ThresholdMs + MaxAdaptOffsetMs)
        {
            _lastThresholdUpdateUs = nowUs;
            return;
        }

        double k = magnitude < ThresholdMs ? KDown : KUp;
        double dtMs = Math.Clamp((nowUs - _lastThresholdUpdateUs) / 1000.0, 0, MaxThresholdUpdateIntervalMs);
        ThresholdMs = Math.Clamp(ThresholdMs + (k * (magnitude - ThresholdMs) * dtMs), MinThresholdMs, MaxThresholdMs);
        _lastThresholdUpdateUs = nowUs;
    }
}
