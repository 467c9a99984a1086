using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// One run of a camera pipeline: parse, look up the named elements, preroll + initial flushing SEGMENT seek for file
/// sources, PLAYING; then primitives for the camera worker (pull samples, pop bus messages, loop on SEGMENT_DONE,
/// force-key-unit, valve) and a bounded shutdown (EOS, then NULL). Pulling and shutdown run on the worker thread only;
/// <see cref="SendForceKeyUnit"/>, <see cref="RequestKeyframeNow"/> (event, and nvv4l2h264enc's force-IDR action signal)
/// and <see cref="SetJpegOpen"/> may be called from other threads while the run is alive (GStreamer events, signal
/// emission and property sets are thread-safe); the owner serialises them against <see cref="Dispose"/>.
/// </summary>
internal sealed class CameraPipelineRun : IDisposable, IEncoderKeyframeControl
{
    private static readonly TimeSpan SeekRetryWait = TimeSpan.FromMilliseconds(10);

    /// <summary>Pre-1.22 loop fallback: running time between the flushing seek and the new loop's first frame, ns (the
    /// re-preroll after a flush took ~400 ms with x264enc on the loaded 2-core build machine).</summary>
    internal const long FlushRecoveryNs = 500_000_000;

    /// <summary>Pre-1.22 loop fallback: how early before the loop's end running time the flushing seek may run, ns.</summary>
    private const long LoopEndToleranceNs = 20_000_000;

    private readonly GstPipeline _pipeline;
    private readonly GstAppSink _h264Sink;
    private readonly GstAppSink? _jpegSink;
    private readonly GstObjectHandle? _jpegValve;
    private readonly GstObjectHandle _encoder;
    private readonly GstBufferProbe? _paceProbe;
    private readonly GstObjectHandle? _paceSinkPad;
    private readonly KeyframeRequester _keyframes;
    private readonly Queue<GstBusMessage> _pending = new();
    private ulong _lastPacedRunningTime = GstNative.ClockTimeNone;
    private long _loopStartNs;
    private bool _loopPending;
    private bool _runningTimeKept;
    private bool _disposed;

    private CameraPipelineRun(VideoPipelineDescription description, GstPipeline pipeline, Func<bool>? stallHook)
    {
        Description = description;
        _pipeline = pipeline;
        _h264Sink = new GstAppSink(Require(VideoPipelineDescription.H264SinkName));
        _encoder = Require(VideoPipelineDescription.EncoderName);
        GstObjectHandle? jpegSink = pipeline.TryGetElement(VideoPipelineDescription.JpegSinkName);
        _jpegSink = jpegSink is null ? null : new GstAppSink(jpegSink);
        _jpegValve = pipeline.TryGetElement(VideoPipelineDescription.JpegValveName);
        _keyframes = new KeyframeRequester(description.Encoder, this);
        LoopMode = description.NeedsLoopingSeek ? description.LoopMode ?? GstFeatures.Runtime.FileLoop : null;
        if (pipeline.TryGetElement(VideoPipelineDescription.PaceName) is { } pace)
        {
            using (pace)
            {
                _paceProbe = GstBufferProbe.Attach(pace, "src", (_, runningTime) => PaceGuard(runningTime, stallHook));
                if (LoopMode == FileLoopMode.FlushingSeekWithOffset)
                {
                    _paceSinkPad = new GstObjectHandle(GstNative.gst_element_get_static_pad(pace.DangerousGetHandle(), "sink"));
                }
            }
        }
    }

    /// <summary>How this run loops its file source (null for live sources): the description's choice, else the version's.</summary>
    public FileLoopMode? LoopMode { get; }

    /// <summary>Number of loops queued so far (SEGMENT_DONE handled).</summary>
    public int Loops { get; private set; }

    public VideoPipelineDescription Description { get; }

    /// <summary>The pipeline, for tests (state checks) and the latency benchmark.</summary>
    public GstPipeline Pipeline => _pipeline;

    /// <summary>The encoder element (<c>name=encoder</c>).</summary>
    public GstObjectHandle Encoder => _encoder;

    /// <summary>
    /// Parses and starts the pipeline. Throws <see cref="GstException"/> on parse errors or when a required named element
    /// (<c>h264sink</c>, <c>encoder</c>) is missing. Runtime failures (missing file, negotiation) surface as bus ERRORs.
    /// </summary>
    /// <param name="description">The pipeline description.</param>
    /// <param name="jpegOpen">Initial valve state (open = JPEG frames flow).</param>
    /// <param name="stallHook">Test hook: while it returns true, every buffer leaving <c>pace</c> is dropped (a real stall).</param>
    public static CameraPipelineRun Start(VideoPipelineDescription description, bool jpegOpen, Func<bool>? stallHook)
    {
        GstPipeline pipeline = GstPipeline.Parse(description.Launch);
        CameraPipelineRun run;
        try
        {
            run = new CameraPipelineRun(description, pipeline, stallHook);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }

        run.SetJpegOpen(jpegOpen);
        if (description.NeedsLoopingSeek)
        {
            run.SeekInitialSegment();
        }

        pipeline.SetState(GstState.Playing);
        return run;
    }

    /// <summary>
    /// PAUSED, then the initial flushing SEGMENT seek: at the end of the file the pipeline posts SEGMENT_DONE (never EOS)
    /// and <see cref="LoopSegment"/> queues the next loop. The pacing element (clocksync sync=true) makes the pipeline
    /// report NO_PREROLL like a live one, so there is no preroll to wait for: the seek is retried (10 ms bus waits, up to
    /// ~3 s) until decodebin has exposed the demuxer and gst_element_seek succeeds. An ERROR meanwhile stops the retries
    /// and is kept for <see cref="PopMessage"/>.
    /// </summary>
    private void SeekInitialSegment()
    {
        if (_pipeline.SetState(GstState.Paused) == GstStateChangeReturn.Failure)
        {
            return;
        }

        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (_pipeline.SeekSegmentToStart(flush: true))
            {
                return;
            }

            if (_pipeline.PopMessage(SeekRetryWait, GstMessageType.Error) is { } error)
            {
                _pending.Enqueue(error);
                return;
            }
        }
    }

    /// <summary>
    /// Probe on the <c>pace</c> src pad (streaming thread): drops a raw frame whose running time does not advance. At a
    /// looping SEGMENT seek qtdemux (1.22) accumulates the next segment's base from the last frame's timestamp, not its
    /// end, so the new loop's first frame repeats the last frame's running time; dropping that one raw frame before the
    /// encoder keeps PTS strictly increasing with no drift against the wall clock.
    /// </summary>
    private bool PaceGuard(ulong runningTime, Func<bool>? stallHook)
    {
        if (stallHook?.Invoke() == true)
        {
            return false;
        }

        if (runningTime == GstNative.ClockTimeNone)
        {
            return true;
        }

        if (_lastPacedRunningTime != GstNative.ClockTimeNone && runningTime <= _lastPacedRunningTime)
        {
            return false;
        }

        _lastPacedRunningTime = runningTime;
        return true;
    }

    /// <summary>Pulls one H.264 access unit buffer, waiting at most <paramref name="timeout"/>.</summary>
    public GstSample TryPullAccessUnit(TimeSpan timeout) => _h264Sink.TryPull(timeout);

    /// <summary>Pulls one JPEG buffer without waiting (the JPEG appsink keeps only the newest frame).</summary>
    public GstSample TryPullJpeg() => _jpegSink?.TryPull(TimeSpan.Zero) ?? default;

    /// <summary>Pops one bus message of the kinds the camera handles, without waiting.
    /// Also runs a pending pre-1.22 file loop (<see cref="LoopSegment"/>) once its time has come: the camera worker
    /// calls this every iteration.</summary>
    public GstBusMessage? PopMessage()
    {
        if (_loopPending && !ServicePendingLoop())
        {
            _loopPending = false;
        }

        return _pending.Count > 0 ? _pending.Dequeue() : _pipeline.PopMessage(TimeSpan.Zero,
            GstMessageType.Error | GstMessageType.Warning | GstMessageType.Eos | GstMessageType.StateChanged | GstMessageType.SegmentDone);
    }

    /// <summary>
    /// Queues the next loop of a file source at SEGMENT_DONE, keeping running time increasing (<see cref="LoopMode"/>):
    /// <see cref="FileLoopMode.SegmentSeek"/> — non-flushing SEGMENT seek to 0 at once (GStreamer ≥ 1.22);
    /// <see cref="FileLoopMode.FlushingSeekWithOffset"/> — the loop is only marked pending: the demuxer posts SEGMENT_DONE
    /// while the last frames still wait in the queues before the pacer, and a flush now would drop them, so the flushing
    /// seek runs from <see cref="PopMessage"/> once the pipeline clock has reached the end of the current loop.
    /// </summary>
    public bool LoopSegment()
    {
        Loops++;
        if (LoopMode != FileLoopMode.FlushingSeekWithOffset || _paceSinkPad is null || _paceSinkPad.IsInvalid)
        {
            return _pipeline.SeekSegmentToStart(flush: false);
        }

        _loopPending = true;
        return ServicePendingLoop();
    }

    /// <summary>
    /// The pre-1.22 fallback's flushing loop: when the pipeline clock's running time has reached the end of the current
    /// loop (its start + the duration), sets the pipeline's start time to NONE (first loop only: the flush must not reset
    /// running time), puts the next loop's start — max(end of this loop, clock running time + <see cref="FlushRecoveryNs"/>)
    /// — as running-time offset on the pace element's sink pad (gst_pad_set_offset), and seeks to 0 with a flushing
    /// SEGMENT seek. The recovery margin covers the re-preroll after the flush (decoder and encoder restart), so the new
    /// loop's frames are not late at the pacer (late frames would arrive in a burst and the leaky queue would drop them).
    /// </summary>
    private bool ServicePendingLoop()
    {
        if (!_loopPending)
        {
            return true;
        }

        if (!_pipeline.TryQueryDuration(out long duration) || !_pipeline.TryGetClockTimes(out ulong baseTime, out ulong clockNow))
        {
            return false;
        }

        long clockRunningTime = (long)(clockNow - baseTime);
        long loopEnd = _loopStartNs + duration;
        if (clockRunningTime < loopEnd - LoopEndToleranceNs)
        {
            return true;
        }

        _loopPending = false;
        if (!_runningTimeKept)
        {
            _pipeline.KeepRunningTimeAcrossFlushes();
            _runningTimeKept = true;
        }

        _loopStartNs = Math.Max(loopEnd, clockRunningTime + FlushRecoveryNs);
        GstNative.gst_pad_set_offset(_paceSinkPad!.DangerousGetHandle(), _loopStartNs);
        return _pipeline.SeekSegmentToStart(flush: true);
    }

    /// <summary>Asks the encoder for an IDR on the next frame (<see cref="KeyframeRequester.RequestNow"/>: the
    /// force-key-unit event, plus <c>force-IDR</c> on nvv4l2h264enc).</summary>
    public bool RequestKeyframeNow() => _keyframes.RequestNow();

    /// <inheritdoc />
    public bool EmitForceIdr() => GstActionSignal.TryEmit(_encoder, KeyframeRequester.ForceIdrSignal);

    /// <summary>
    /// Sends an upstream GstForceKeyUnit event (gst_video_event_new_upstream_force_key_unit, all-headers=true, count 0) into
    /// the encoder's src pad, i.e. as if it came from downstream. <paramref name="runningTime"/> NONE keys the next frame;
    /// a running time (ns) keys the first frame at or after it (GstVideoEncoder queues the request until then).
    /// </summary>
    public bool SendForceKeyUnit(ulong runningTime = GstNative.ClockTimeNone)
    {
        IntPtr ev = GstNative.gst_video_event_new_upstream_force_key_unit(runningTime, allHeaders: true, 0);
        using var pad = new GstObjectHandle(GstNative.gst_element_get_static_pad(_encoder.DangerousGetHandle(), "src"));
        if (pad.IsInvalid)
        {
            GstNative.gst_mini_object_unref(ev);
            return false;
        }

        return GstNative.gst_pad_send_event(pad.DangerousGetHandle(), ev);
    }

    /// <summary>Opens (drop=false) or closes (drop=true) the JPEG branch valve.</summary>
    public void SetJpegOpen(bool open)
    {
        if (_jpegValve is not null)
        {
            GstPipeline.SetBoolean(_jpegValve, "drop", !open);
        }
    }

    /// <summary>Samples the pipeline clock against <paramref name="wallNow"/> to map running time to wall-clock time.</summary>
    public CaptureClock? TrySampleCaptureClock(DateTimeOffset wallNow) =>
        _pipeline.TryGetClockTimes(out ulong baseTime, out ulong clockNow) ? CaptureClock.FromSample(baseTime, clockNow, wallNow) : null;

    /// <summary>
    /// Graceful stop: sends EOS and drains the appsinks (appsink holds EOS until its queue is empty) until the H.264 appsink
    /// has received EOS (gst_app_sink_is_eos) or <paramref name="deadlineReached"/> says so; returns whether EOS arrived.
    /// (The pipeline-level EOS message never comes while the JPEG valve is closed: the valve drops EOS too.) Call
    /// <see cref="Dispose"/> afterwards (sets NULL).
    /// </summary>
    public bool DrainToEos(Func<bool> deadlineReached)
    {
        if (!_pipeline.SendEos())
        {
            return false;
        }

        while (!deadlineReached())
        {
            using (GstSample s = _h264Sink.TryPull(TimeSpan.FromMilliseconds(20)))
            {
            }

            using (TryPullJpeg())
            {
            }

            if (_h264Sink.IsEos)
            {
                return true;
            }

            if (_pipeline.PopMessage(TimeSpan.Zero, GstMessageType.Error) is not null)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The pipeline state read right after <see cref="Dispose"/> set NULL (before the references were dropped).</summary>
    public GstState FinalState { get; private set; } = GstState.VoidPending;

    /// <summary>Current pipeline state (no wait).</summary>
    public GstState CurrentState
    {
        get
        {
            _pipeline.GetState(TimeSpan.Zero, out GstState state, out _);
            return state;
        }
    }

    /// <summary>Sets the pipeline to NULL (synchronous) and releases every reference.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pipeline.SetState(GstState.Null);
        _pipeline.GetState(TimeSpan.Zero, out GstState final, out _);
        FinalState = final;
        _paceProbe?.Dispose();
        _paceSinkPad?.Dispose();
        _h264Sink.Dispose();
        _jpegSink?.Dispose();
        _jpegValve?.Dispose();
        _encoder.Dispose();
        _pipeline.Dispose();
    }

    private GstObjectHandle Require(string name) =>
        _pipeline.TryGetElement(name) ?? throw new GstException($"pipeline has no element named '{name}'");
}
