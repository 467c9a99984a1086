namespace RtcGateway.Media.Gst;

/// <summary>
/// A parsed GStreamer pipeline (gst_parse_launch, gstparse.h) with its bus. Thin wrapper: state changes, named
/// elements, bus polling, segment seeks, events and clock times. Not thread-safe except where GStreamer itself is
/// (gst_element_send_event, gst_element_set_state). Dispose sets the pipeline to NULL and drops all references.
/// </summary>
internal sealed class GstPipeline : IDisposable
{
    private readonly GstObjectHandle _pipeline;
    private readonly GstObjectHandle _bus;
    private bool _disposed;

    private GstPipeline(GstObjectHandle pipeline)
    {
        _pipeline = pipeline;
        _bus = new GstObjectHandle(GstNative.gst_element_get_bus(pipeline.DangerousGetHandle()));
    }

    /// <summary>The GstElement* of the pipeline (borrowed; valid until Dispose).</summary>
    public IntPtr Handle => _pipeline.DangerousGetHandle();

    /// <summary>
    /// Parses a gst-launch-1.0 description. Throws <see cref="GstException"/> with the GError (syntax error, no such
    /// element, no such property / link failure) — any reported error counts, even when GStreamer returned a partial pipeline.
    /// </summary>
    public static GstPipeline Parse(string launch)
    {
        GstRuntime.EnsureInitialized();
        IntPtr element = GstNative.gst_parse_launch(launch, out IntPtr error);
        GstErrorInfo? info = GstNative.TakeError(error);
        if (element != IntPtr.Zero)
        {
            // gst_parse_launch returns a floating reference: sink it so we own exactly one.
            element = GstNative.gst_object_ref_sink(element);
        }

        var handle = new GstObjectHandle(element);
        if (info is not null || handle.IsInvalid)
        {
            if (!handle.IsInvalid)
            {
                GstNative.gst_element_set_state(element, GstState.Null);
            }

            handle.Dispose();
            throw new GstException(info?.Message ?? "gst_parse_launch returned no element", info?.Domain ?? "", info?.Code ?? 0);
        }

        return new GstPipeline(handle);
    }

    /// <summary>Returns a new reference to the element called <paramref name="name"/>, or null when there is none.</summary>
    public GstObjectHandle? TryGetElement(string name)
    {
        var h = new GstObjectHandle(GstNative.gst_bin_get_by_name(Handle, name));
        if (h.IsInvalid)
        {
            h.Dispose();
            return null;
        }

        return h;
    }

    /// <summary>gst_element_set_state on the pipeline.</summary>
    public GstStateChangeReturn SetState(GstState state) => GstNative.gst_element_set_state(Handle, state);

    /// <summary>gst_element_get_state waiting at most <paramref name="timeout"/> for an async change to finish.</summary>
    public GstStateChangeReturn GetState(TimeSpan timeout, out GstState state, out GstState pending) =>
        GstNative.gst_element_get_state(Handle, out state, out pending, ToClockTime(timeout));

    /// <summary>Pops the next message matching <paramref name="types"/>, waiting at most <paramref name="timeout"/>
    /// (gst_bus_timed_pop_filtered); returns a managed copy, or null on timeout.</summary>
    public GstBusMessage? PopMessage(TimeSpan timeout, GstMessageType types)
    {
        IntPtr msg = GstNative.gst_bus_timed_pop_filtered(_bus.DangerousGetHandle(), ToClockTime(timeout), types);
        if (msg == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            GstMessageType type = GstNative.MessageType(msg);
            string source = GstNative.ObjectName(GstNative.MessageSource(msg));
            GstErrorInfo? error = null;
            string? debug = null;
            GstState oldState = GstState.VoidPending, newState = GstState.VoidPending;
            switch (type)
            {
                case GstMessageType.Error:
                    GstNative.gst_message_parse_error(msg, out IntPtr e, out IntPtr d);
                    error = GstNative.TakeError(e);
                    debug = GstNative.TakeString(d);
                    break;
                case GstMessageType.Warning:
                    GstNative.gst_message_parse_warning(msg, out IntPtr we, out IntPtr wd);
                    error = GstNative.TakeError(we);
                    debug = GstNative.TakeString(wd);
                    break;
                case GstMessageType.StateChanged:
                    GstNative.gst_message_parse_state_changed(msg, out oldState, out newState, out _);
                    break;
            }

            return new GstBusMessage(type, source, error, debug, oldState, newState);
        }
        finally
        {
            GstNative.gst_mini_object_unref(msg);
        }
    }

    /// <summary>
    /// A TIME segment seek from 0 to the stream duration (gst_element_seek with GST_SEEK_FLAG_SEGMENT): at the end the
    /// pipeline posts SEGMENT_DONE instead of EOS. <paramref name="flush"/> for the initial seek; non-flushing on
    /// SEGMENT_DONE so the next segment is queued seamlessly. The explicit stop (gst_element_query_duration) makes each
    /// loop advance running time by the full duration; with an open stop the next segment's base is the last buffer's
    /// timestamp and the first frame of the new loop would repeat the last frame's running time.
    /// </summary>
    public bool SeekSegmentToStart(bool flush)
    {
        GstSeekFlags flags = GstSeekFlags.Segment | (flush ? GstSeekFlags.Flush | GstSeekFlags.KeyUnit : GstSeekFlags.None);
        bool known = GstNative.gst_element_query_duration(Handle, GstFormat.Time, out long duration) && duration > 0;
        return GstNative.gst_element_seek(Handle, 1.0, GstFormat.Time, flags, GstSeekType.Set, 0,
            known ? GstSeekType.Set : GstSeekType.None, known ? duration : -1);
    }

    /// <summary>The stream duration in ns (gst_element_query_duration, TIME); false when unknown.</summary>
    public bool TryQueryDuration(out long durationNs) =>
        GstNative.gst_element_query_duration(Handle, GstFormat.Time, out durationNs) && durationNs > 0;

    /// <summary>
    /// Sets the pipeline's start time to GST_CLOCK_TIME_NONE (gst_element_set_start_time): from now on a flushing seek does
    /// not reset running time (no new base time), so running time keeps increasing with the clock. Call once PLAYING
    /// (the base time must already have been distributed).
    /// </summary>
    public void KeepRunningTimeAcrossFlushes() => GstNative.gst_element_set_start_time(Handle, GstNative.ClockTimeNone);

    /// <summary>Sends EOS into the pipeline (gst_element_send_event, pushed downstream from the sources).</summary>
    public bool SendEos() => GstNative.gst_element_send_event(Handle, GstNative.gst_event_new_eos());

    /// <summary>
    /// Reads the pipeline base time and the current time of the pipeline clock (ns, gst_element_get_base_time /
    /// gst_clock_get_time); false before the pipeline has a clock (not yet PLAYING).
    /// </summary>
    public bool TryGetClockTimes(out ulong baseTime, out ulong clockNow)
    {
        baseTime = 0;
        clockNow = 0;
        using var clock = new GstObjectHandle(GstNative.gst_pipeline_get_clock(Handle));
        if (clock.IsInvalid)
        {
            return false;
        }

        baseTime = GstNative.gst_element_get_base_time(Handle);
        clockNow = GstNative.gst_clock_get_time(clock.DangerousGetHandle());
        return clockNow != GstNative.ClockTimeNone;
    }

    /// <summary>Sets a gboolean GObject property (g_object_set_property with a G_TYPE_BOOLEAN GValue).</summary>
    public static unsafe void SetBoolean(GstObjectHandle element, string property, bool value)
    {
        GValue v = default;
        GstNative.g_value_init(&v, GstNative.GTypeBoolean);
        GstNative.g_value_set_boolean(&v, value ? 1 : 0);
        GstNative.g_object_set_property(element.DangerousGetHandle(), property, &v);
        GstNative.g_value_unset(&v);
    }

    /// <summary>Converts a timeout to GstClockTime ns; negative (Timeout.InfiniteTimeSpan) means GST_CLOCK_TIME_NONE (forever).</summary>
    public static ulong ToClockTime(TimeSpan timeout) =>
        timeout < TimeSpan.Zero ? GstNative.ClockTimeNone : (ulong)timeout.Ticks * 100UL;

    /// <summary>Sets the pipeline to NULL (synchronous for NULL) and drops the bus and pipeline references.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_pipeline.IsInvalid)
        {
            GstNative.gst_element_set_state(Handle, GstState.Null);
        }

        _bus.Dispose();
        _pipeline.Dispose();
    }
}
