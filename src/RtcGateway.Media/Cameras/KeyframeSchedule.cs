namespace RtcGateway.Media.Cameras;

/// <summary>
/// Time-based IDR schedule for cameras whose frame rate is the source's own (<see cref="CameraOptions.Framerate"/> = 0),
/// where a frame-count GOP cannot be computed when the pipeline is described. After each IDR that satisfied the pending
/// deadline it yields the next deadline (running time, ns) for an upstream force-key-unit event; the GstVideoEncoder base
/// class keys the first frame whose running time is at or after it (gstvideoencoder.c, GstForceKeyUnit). Deadlines advance
/// by exactly the interval from the previous deadline (not from the keyed frame), so rounding up to the next frame does not
/// accumulate: at 12.5 fps and 1000 ms the gaps alternate 1040/960 ms and average 1000 ms. An IDR before the pending
/// deadline (on-demand <c>RequestKeyframe</c>, the encoder's backstop GOP) leaves the schedule unchanged. Single-threaded
/// (the camera worker); allocation-free.
/// </summary>
internal sealed class KeyframeSchedule
{
    private readonly long _intervalNs;
    private long _deadlineNs = -1;

    /// <summary>Creates a schedule.</summary>
    /// <param name="intervalNs">IDR interval, ns of running time; 0 or less disables the schedule.</param>
    public KeyframeSchedule(long intervalNs) => _intervalNs = intervalNs;

    /// <summary>Whether the schedule is active (interval &gt; 0).</summary>
    public bool Enabled => _intervalNs > 0;

    /// <summary>The running time of the force-key-unit request in flight, ns, or -1 when none.</summary>
    public long PendingDeadlineNs => _deadlineNs;

    /// <summary>
    /// Feeds one delivered access unit. Returns the running time (ns) for which a force-key-unit event must now be sent,
    /// or -1 when nothing is to be sent (disabled, not a keyframe, or a keyframe before the pending deadline).
    /// </summary>
    /// <param name="ptsNs">The access unit's running time, ns.</param>
    /// <param name="isKeyframe">Whether it is an IDR access unit.</param>
    public long OnAccessUnit(long ptsNs, bool isKeyframe)
    {
        if (!Enabled || !isKeyframe || (_deadlineNs >= 0 && ptsNs < _deadlineNs))
        {
            return -1;
        }

        long next = _deadlineNs < 0 ? ptsNs + _intervalNs : _deadlineNs + _intervalNs;
        if (next <= ptsNs)
        {
            // The worker fell behind by more than an interval (or the encoder keyed late): restart from this IDR.
            next = ptsNs + _intervalNs;
        }

        _deadlineNs = next;
        return next;
    }

    /// <summary>Forgets the pending deadline (the event could not be sent, or a new pipeline run starts): the next IDR
    /// starts a new schedule.</summary>
    public void Reset() => _deadlineNs = -1;
}
