namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The "average max bitrate" of draft-ietf-rmcat-gcc-02 §5.5: the mean and standard deviation of the acknowledged
/// (incoming) bitrate measured each time the rate controller decreased on over-use. The estimate is near convergence
/// while the incoming bitrate stays within 3σ of that mean; a sample further out resets the mean (the link changed),
/// which sends the controller back to multiplicative increase. σ is at least <see cref="MinRelativeDeviation"/> of
/// the mean so that a few identical samples do not make the band vanish. Units: bits/s.
/// </summary>
internal sealed class LinkCapacityTracker
{
    /// <summary>Weight of a new sample in the exponential mean and variance.</summary>
    public const double Alpha = 0.1;

    /// <summary>Floor of σ relative to the mean.</summary>
    public const double MinRelativeDeviation = 0.05;

    private double _mean;
    private double _variance;

    /// <summary>True once a sample arrived since the last reset.</summary>
    public bool HasEstimate { get; private set; }

    /// <summary>Mean of the samples, bits/s (0 without an estimate).</summary>
    public double MeanBps => HasEstimate ? _mean : 0;

    /// <summary>Standard deviation used for the band, bits/s.</summary>
    public double DeviationBps => HasEstimate ? Math.Max(Math.Sqrt(_variance), MinRelativeDeviation * _mean) : 0;

    /// <summary>Mean + 3σ, bits/s.</summary>
    public double UpperBoundBps => MeanBps + (3 * DeviationBps);

    /// <summary>Mean − 3σ, bits/s.</summary>
    public double LowerBoundBps => MeanBps - (3 * DeviationBps);

    /// <summary>Forgets the mean (link capacity changed).</summary>
    public void Reset()
    {
        HasEstimate = false;
        _mean = 0;
        _variance = 0;
    }

    /// <summary>Adds the incoming bitrate measured at an over-use, bits/s; resets first if it is outside the band.</summary>
    public void OnOveruse(double incomingBps)
    {
        if (!(incomingBps > 0) || !double.IsFinite(incomingBps))
        {
            return;
        }

        if (HasEstimate && (incomingBps < LowerBoundBps || incomingBps > UpperBoundBps))
        {
            Reset();
        }

        if (!HasEstimate)
        {
            HasEstimate = true;
            _mean = incomingBps;
            _variance = 0;
            return;
        }

        double error = incomingBps - _mean;
        _mean += Alpha * error;
        _variance = ((1 - Alpha) * _variance) + (Alpha * error * error);
    }
}
