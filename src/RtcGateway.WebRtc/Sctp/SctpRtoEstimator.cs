namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// Retransmission timeout estimation (RFC 9260 §6.3.1): SRTT/RTTVAR with α = 1/8, β = 1/4, RTO = SRTT + 4·RTTVAR,
/// clamped to [RTO.Min, RTO.Max]; doubled on each T3 expiry (§6.3.3 E2). All values in ms.
/// </summary>
internal sealed class SctpRtoEstimator
{
    private readonly long _min;
    private readonly long _max;
    private double _srtt;
    private double _rttvar;
    private bool _hasSample;

    public SctpRtoEstimator(long initial, long min, long max)
    {
        _min = min;
        _max = max;
        RtoMs = initial;
    }

    public long RtoMs { get; private set; }

    /// <summary>Smoothed RTT in ms, or null before the first measurement.</summary>
    public double? SrttMs => _hasSample ? _srtt : null;

    public void AddSample(long rttMs)
    {
        if (rttMs < 0)
        {
            return;
        }

        if (!_hasSample)
        {
            _srtt = rttMs;
            _rttvar = rttMs / 2.0;
            _hasSample = true;
        }
        else
        {
            _rttvar = (0.75 * _rttvar) + (0.25 * Math.Abs(_srtt - rttMs));
            _srtt = (0.875 * _srtt) + (0.125 * rttMs);
        }

        RtoMs = Math.Clamp((long)Math.Ceiling(_srtt + (4 * _rttvar)), _min, _max);
    }

    public void Backoff() => RtoMs = Math.Min(RtoMs * 2, _max);
}
