namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Decides when to probe the path for more capacity and at what rate, as <see cref="ProbeClusterRequest"/>s queued for
/// the pacer (draft-ietf-rmcat-gcc-02 leaves probing to the implementation; these are the rules used with it):
/// <list type="bullet">
/// <item>Initial: at start, clusters at <see cref="InitialProbeMultipliers"/> (3× and 6×) the start rate.</item>
/// <item>Exponential continuation: while a probe result reaches <see cref="ContinuationRatio"/> (70 %) of the rate
/// probed, probe again at 2× the result, until the upper bound.</item>
/// <item>Periodic: every <see cref="PeriodicIntervalUs"/> (5 s) probe at 2× the estimate when the sender is application
/// limited (ALR) or the delay-based detector has not signalled over-use for <see cref="QuietTimeUs"/> (3 s).</item>
/// <item>After a large drop (estimate below 66 % of its recent maximum): once, <see cref="AfterDropDelayUs"/> later,
/// probe at 85 % of the rate before the drop.</item>
/// </list>
/// Never probes above the upper bound or at/below the current estimate. Rates bits/s, times µs. Fixed-size queue.
/// </summary>
internal sealed class ProbeController
{
    /// <summary>Initial probes as multiples of the start rate.</summary>
    public static readonly double[] InitialProbeMultipliers = [3.0, 6.0];

    /// <summary>A result at least this fraction of the probed rate continues the exponential probing.</summary>
    public const double ContinuationRatio = 0.7;

    /// <summary>Interval of periodic probes, µs.</summary>
    public const long PeriodicIntervalUs = 5_000_000;

    /// <summary>Time without over-use before a periodic probe outside ALR, µs.</summary>
    public const long QuietTimeUs = 3_000_000;

    /// <summary>Delay of the probe after a large drop, µs.</summary>
    public const long AfterDropDelayUs = 3_000_000;

    /// <summary>A probe without result within this time ends the exponential phase, µs.</summary>
    public const long ProbeResultTimeoutUs = 1_000_000;

    /// <summary>Minimum packets per cluster.</summary>
    public const int MinPackets = 5;

    /// <summary>A cluster lasts at least this at its rate, µs (its minimum bytes).</summary>
    public const long MinDurationUs = 15_000;

    /// <summary>Queue capacity; requests beyond it replace the oldest.</summary>
    public const int MaxPending = 8;

    private readonly ProbeClusterRequest[] _pending = new ProbeClusterRequest[MaxPending];
    private int _pendingCount;
    private int _nextClusterId;
    private bool _started;
    private bool _waitingForResult;
    private long _lastProbedBps;
    private long _lastProbeUs;
    private long _lastPeriodicUs;
    private long _recentMaxEstimateBps;
    private long _dropAtUs;
    private long _preDropEstimateBps;
    private bool _dropProbePending;

    /// <summary>Requests waiting for the pacer, oldest first.</summary>
    public ReadOnlySpan<ProbeClusterRequest> Pending => _pending.AsSpan(0, _pendingCount);

    /// <summary>Requests made, count.</summary>
    public long Requested { get; private set; }

    /// <summary>Takes the oldest pending request.</summary>
    public bool TryDequeue(out ProbeClusterRequest request)
    {
        if (_pendingCount == 0)
        {
            request = default;
            return false;
        }

        request = _pending[0];
        Array.Copy(_pending, 1, _pending, 0, _pendingCount - 1);
        _pendingCount--;
        return true;
    }

    /// <summary>Drops all pending requests.</summary>
    public void ClearPending() => _pendingCount = 0;

    /// <summary>
    /// Time-driven step: initial probes on the first call, timeouts, periodic and after-drop probes.
    /// Newly made requests are passed to <paramref name="onRequest"/> as well as queued.
    /// </summary>
    public void Process(long nowUs, long estimateBps, long maxBps, bool inAlr, long timeSinceOveruseUs, Action<ProbeClusterRequest>? onRequest)
    {
        if (!_started)
        {
            _started = true;
            _lastPeriodicUs = nowUs;
            _recentMaxEstimateBps = estimateBps;
            long previous = 0;
            foreach (double m in InitialProbeMultipliers)
            {
                long bps = (long)Math.Min(estimateBps * m, maxBps);
                if (bps > previous && Request(bps, estimateBps, maxBps, nowUs, onRequest))
                {
                    previous = bps;
                }
            }

            _waitingForResult = _pendingCount > 0;
            return;
        }

        if (_waitingForResult && nowUs - _lastProbeUs > ProbeResultTimeoutUs)
        {
            _waitingForResult = false;
        }

        if (_dropProbePending && nowUs - _dropAtUs >= AfterDropDelayUs)
        {
            _dropProbePending = false;
            if (!_waitingForResult)
            {
                Request((long)(0.85 * _preDropEstimateBps), estimateBps, maxBps, nowUs, onRequest);
            }
        }

        if (!_waitingForResult && nowUs - _lastPeriodicUs >= PeriodicIntervalUs
            && (inAlr || timeSinceOveruseUs >= QuietTimeUs))
        {
            _lastPeriodicUs = nowUs;
            if (Request(Twice(estimateBps), estimateBps, maxBps, nowUs, onRequest))
            {
                _waitingForResult = true;
            }
        }
    }

    /// <summary>Tracks the estimate for the after-drop rule.</summary>
    public void OnEstimate(long estimateBps, long nowUs)
    {
        if (estimateBps > _recentMaxEstimateBps)
        {
            _recentMaxEstimateBps = estimateBps;
        }
        else if (estimateBps < 0.66 * _recentMaxEstimateBps)
        {
            _preDropEstimateBps = _recentMaxEstimateBps;
            _recentMaxEstimateBps = estimateBps;
            _dropAtUs = nowUs;
            _dropProbePending = true;
        }
    }

    /// <summary>A probe cluster measured <paramref name="resultBps"/>; continues exponential probing when it held up.</summary>
    public void OnProbeResult(long resultBps, long estimateBps, long maxBps, long nowUs, Action<ProbeClusterRequest>? onRequest)
    {
        if (resultBps > _recentMaxEstimateBps)
        {
            _recentMaxEstimateBps = resultBps;
        }

        if (!_waitingForResult)
        {
            return;
        }

        // A result below the bar does not end the phase by itself: another cluster of the same round may still
        // report; the phase ends on a result timeout.
        if (resultBps >= ContinuationRatio * _lastProbedBps)
        {
            _waitingForResult = Request(Twice(resultBps), estimateBps, maxBps, nowUs, onRequest);
        }
    }

    private static long Twice(long bps) => bps > long.MaxValue / 2 ? long.MaxValue : 2 * bps;

    private bool Request(long bps, long estimateBps, long maxBps, long nowUs, Action<ProbeClusterRequest>? onRequest)
    {
        bps = Math.Min(bps, maxBps);
        if (bps <= estimateBps || bps <= 0)
        {
            return false;
        }

        int minBytes = (int)Math.Min(int.MaxValue, (double)bps * MinDurationUs / 8 / 1_000_000);
        var request = new ProbeClusterRequest(_nextClusterId, bps, MinPackets, minBytes, nowUs);
        _nextClusterId = _nextClusterId == int.MaxValue ? 0 : _nextClusterId + 1;
        if (_pendingCount == MaxPending)
        {
            TryDequeue(out _);
        }

        _pending[_pendingCount++] = request;
        _lastProbedBps = bps;
        _lastProbeUs = nowUs;
        Requested++;
        onRequest?.Invoke(request);
        return true;
    }
}
