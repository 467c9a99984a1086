namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Estimates the trend of the one-way queueing delay from inter-group delay variations d(i)
/// (draft-ietf-rmcat-gcc-02 §5.2 input; replaces the §5.3 Kalman arrival-time filter).
/// The d(i) are accumulated into the delay since the first group, smoothed exponentially (factor
/// <see cref="SmoothingCoefficient"/>), and a least-squares line is fitted over the last <see cref="WindowSize"/>
/// (arrival time ms, smoothed delay ms) points. Its slope (ms of queueing delay gained per ms) times
/// min(number of deltas, 60) times <see cref="ThresholdGain"/> is the modified trend that the §5.4 over-use detector
/// compares with its adaptive threshold, in place of the Kalman filter's m(i).
/// </summary>
/// <remarks>
/// Why a trendline and not the draft's Kalman filter: with send-side (transport-wide) feedback the deltas arrive in
/// batches every 50–100 ms with jittery arrival times; the regression over a window of smoothed accumulated delay is a
/// robust slope estimator that needs no noise-variance model (the Kalman filter's process/measurement noise tuning),
/// and it is what current browsers run for send-side estimation, so its behaviour against Chromium receivers is known.
/// The gain of 8 puts the modified trend on the scale the §5.4 threshold (12.5 ms start, 6–600 ms) and its K_u/K_d
/// were made for: a sustained overload of x (queue growing x ms per ms) gives 60 · x · 8 = 480 x, so the initial
/// threshold is crossed at ≈ 2.6 % overload, and the large trends of a real congestion event exceed the threshold by
/// more than 15 ms (§5.4 then leaves the threshold alone) instead of dragging it up. With a gain of 4 the simulated
/// 2.5 → 1 Mbit/s step raised the threshold to ~60 and K_d = 0.00018/ms took many seconds to bring it back, leaving the
/// estimate ~15 % above the link meanwhile.
/// </remarks>
internal sealed class TrendlineEstimator
{
    /// <summary>Number of points the line is fitted over.</summary>
    public const int WindowSize = 20;

    /// <summary>Exponential smoothing of the accumulated delay: s = 0.9 s + 0.1 a.</summary>
    public const double SmoothingCoefficient = 0.9;

    /// <summary>Gain applied to slope × min(deltas, 60) to compare it with the §5.4 threshold (ms scale).</summary>
    public const double ThresholdGain = 8.0;

    /// <summary>Cap on the delta count used as the trend's multiplier.</summary>
    public const int MaxDeltaCount = 60;

    private readonly double[] _x = new double[WindowSize];
    private readonly double[] _y = new double[WindowSize];
    private int _head;
    private int _count;
    private long _firstArrivalUs;
    private double _accumulatedDelayMs;
    private double _smoothedDelayMs;

    /// <summary>Deltas seen since the last reset (capped at 1,000).</summary>
    public int DeltaCount { get; private set; }

    /// <summary>Last fitted slope, ms of delay per ms of arrival time (dimensionless); 0 until the window is full.</summary>
    public double Slope { get; private set; }

    /// <summary>The modified trend min(deltas, 60) × slope × gain: the detector's input, ms-threshold scale.</summary>
    public double ModifiedTrend => Math.Min(DeltaCount, MaxDeltaCount) * Slope * ThresholdGain;

    /// <summary>Smoothed accumulated delay, ms (diagnostics).</summary>
    public double SmoothedDelayMs => _smoothedDelayMs;

    /// <summary>Forgets the window and the accumulated delay.</summary>
    public void Reset()
    {
        _head = 0;
        _count = 0;
        DeltaCount = 0;
        Slope = 0;
        _accumulatedDelayMs = 0;
        _smoothedDelayMs = 0;
    }

    /// <summary>Adds one inter-group delta and refits the line once the window is full.</summary>
    /// <param name="delta">The group delta from <see cref="PacketGrouper"/>.</param>
    public void Update(in PacketGroupDelta delta)
    {
        if (DeltaCount == 0)
        {
            _firstArrivalUs = delta.ArrivalTimeUs;
        }

        if (DeltaCount < 1000)
        {
            DeltaCount++;
        }

        _accumulatedDelayMs += delta.DelayVariationMs;
        _smoothedDelayMs = (SmoothingCoefficient * _smoothedDelayMs) + ((1 - SmoothingCoefficient) * _accumulatedDelayMs);

        _x[_head] = (delta.ArrivalTimeUs - _firstArrivalUs) / 1000.0;
        _y[_head] = _smoothedDelayMs;
        _head = (_head + 1) % WindowSize;
        if (_count < WindowSize)
        {
            _count++;
        }

        if (_count == WindowSize && TryFitSlope(out double slope))
        {
            Slope = slope;
        }
    }

    private bool TryFitSlope(out double slope)
    {
        double meanX = 0, meanY = 0;
        for (int i = 0; i < _count; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }

        meanX /= _count;
        meanY /= _count;
        double numerator = 0, denominator = 0;
        for (int i = 0; i < _count; i++)
        {
            double dx = _x[i] - meanX;
            numerator += dx * (_y[i] - meanY);
            denominator += dx * dx;
        }

        slope = denominator > 0 ? numerator / denominator : 0;
        return denominator > 0 && double.IsFinite(slope);
    }
}
