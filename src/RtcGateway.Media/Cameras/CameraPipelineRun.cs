using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// One run of a camera pipeline: parse, look up the named elements, preroll + initial flushing SEGMENT seek for file
/// sources, PLAYING; then primitives for the camera worker (pull samples, pop bus messages, loop on SEGMENT_DONE,
/// force-key-unit, valve) and a bounded shutdown (EOS, then NULL). Pulling and shutdown run on the worker thread only;
/// <see cref="SendForceKeyUnit"/> and <see cref="SetJpegOpen"/> may be called from other threads while the run is alive
/// (GStreamer makes those two calls thread-safe); the owner serialises them against <see cref="Dispose"/>.
/// </summary>
internal sealed class CameraPipelineRun : IDisposable
{
    private static readonly TimeSpan PrerollTimeout = TimeSpan.FromSeconds(5);

    private readonly GstPipeline _pipeline;
    private readonly GstAppSink _h264Sink;
    private readonly GstAppSink? _jpegSink;
    private readonly GstObjectHandle? _jpegValve;
    private readonly GstObjectHandle _encoder;
    private readonly GstBufferProbe? _paceProbe;
    private bool _disposed;

    private CameraPipelineRun(VideoPipelineDescription description, GstPipeline pipeline, Func<ulong, bool>? paceProbe)
    {
        Description = description;
        _pipeline = pipeline;
        _h264Sink = new GstAppSink(Require(VideoPipelineDescription.H264SinkName));
        _encoder = Require(VideoPipelineDescription.EncoderName);
        GstObjectHandle? jpegSink = pipeline.TryGetElement(VideoPipelineDescription.JpegSinkName);
        _jpegSink = jpegSink is null ? null : new GstAppSink(jpegSink);
        _jpegValve = pipeline.TryGetElement(VideoPipelineDescription.JpegValveName);
        if (paceProbe is not null && pipeline.TryGetElement(VideoPipelineDescription.PaceName) is { } pace)
        {
            using (pace)
            {
                _paceProbe = GstBufferProbe.Attach(pace, "src", paceProbe);
            }
        }
    }

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
    /// <param name="paceProbe">Test hook: a buffer probe on the <c>pace</c> element's src pad (false drops the buffer).</param>
    public static CameraPipelineRun Start(VideoPipelineDescription description, bool jpegOpen, Func<ulong, bool>? paceProbe)
    {
        GstPipeline pipeline = GstPipeline.Parse(description.Launch);
        CameraPipelineRun run;
        try
        {
            run = new CameraPipelineRun(description, pipeline, paceProbe);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }

        run.SetJpegOpen(jpegOpen);
        if (description.NeedsLoopingSeek)
        {
            // Preroll, then the initial flushing SEGMENT seek: at the end of the file the pipeline posts SEGMENT_DONE
            // (never EOS) and we queue the next loop with a non-flushing segment seek.
            if (pipeline.SetState(GstState.Paused) != GstStateChangeReturn.Failure
                && pipeline.GetState(PrerollTimeout, out _, out _) == GstStateChangeReturn.Success)
            {
                pipeline.SeekSegmentToStart(flush: true);
                pipeline.GetState(PrerollTimeout, out _, out _);
            }
        }

        pipeline.SetState(GstState.Playing);
        return run;
    }

    /// <summary>Pulls one H.264 access unit buffer, waiting at most <paramref name="timeout"/>.</summary>
    public GstSample TryPullAccessUnit(TimeSpan timeout) => _h264Sink.TryPull(timeout);

    /// <summary>Pulls one JPEG buffer without waiting (the JPEG appsink keeps only the newest frame).</summary>
    public GstSample TryPullJpeg() => _jpegSink?.TryPull(TimeSpan.Zero) ?? default;

    /// <summary>Pops one bus message of the kinds the camera handles, without waiting.</summary>
    public GstBusMessage? PopMessage() => _pipeline.PopMessage(TimeSpan.Zero,
        GstMessageType.Error | GstMessageType.Warning | GstMessageType.Eos | GstMessageType.StateChanged | GstMessageType.SegmentDone);

    /// <summary>Queues the next loop of a file source: non-flushing SEGMENT seek to 0 (running time keeps increasing).</summary>
    public bool LoopSegment() => _pipeline.SeekSegmentToStart(flush: false);

    /// <summary>
    /// Sends an upstream GstForceKeyUnit event (gst_video_event_new_upstream_force_key_unit, running-time NONE,
    /// all-headers=true, count 0) into the encoder's src pad, i.e. as if it came from downstream.
    /// </summary>
    public bool SendForceKeyUnit()
    {
        IntPtr ev = GstNative.gst_video_event_new_upstream_force_key_unit(GstNative.ClockTimeNone, allHeaders: true, 0);
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
    /// Graceful stop: sends EOS and waits for it on the bus while draining the appsinks (appsink holds EOS until its queue
    /// is empty), at most until <paramref name="deadlineReached"/> says so; returns whether EOS arrived. Call
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

            GstBusMessage? m = _pipeline.PopMessage(TimeSpan.Zero, GstMessageType.Eos | GstMessageType.Error);
            if (m is not null)
            {
                return m.Type == GstMessageType.Eos;
            }
        }

        return false;
    }

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
        _paceProbe?.Dispose();
        _h264Sink.Dispose();
        _jpegSink?.Dispose();
        _jpegValve?.Dispose();
        _encoder.Dispose();
        _pipeline.Dispose();
    }

    private GstObjectHandle Require(string name) =>
        _pipeline.TryGetElement(name) ?? throw new GstException($"pipeline has no element named '{name}'");
}
