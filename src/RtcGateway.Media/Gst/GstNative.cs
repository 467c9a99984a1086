using System.Runtime.InteropServices;

namespace RtcGateway.Media.Gst;

/// <summary>
/// <c>[LibraryImport]</c> bindings to GStreamer core, app and video libraries and GLib/GObject.
/// Signatures follow the C API reference (gstreamer.freedesktop.org/documentation); "transfer full" results are wrapped
/// in SafeHandles by the callers. Strings are UTF-8.
/// Every entry point must exist in GStreamer 1.20 / GLib 2.72 (JetPack 6, L4T r36): NativeSymbolCompatibilityTests checks
/// them against tests/RtcGateway.Media.Tests/Data/gstreamer-1.20-symbols.txt. Behaviour that differs between 1.20 and
/// 1.22 is decided at run time from gst_version (<see cref="GstFeatures"/>).
/// </summary>
internal static unsafe partial class GstNative
{
    private const string Gst = "libgstreamer-1.0.so.0";
    private const string GstApp = "libgstapp-1.0.so.0";
    private const string GstVideo = "libgstvideo-1.0.so.0";
    private const string GObject = "libgobject-2.0.so.0";
    private const string GLib = "libglib-2.0.so.0";

    /// <summary>GST_CLOCK_TIME_NONE ((GstClockTime)-1).</summary>
    public const ulong ClockTimeNone = ulong.MaxValue;

    // ---- gst.h / gstobject.h / gstminiobject.h ----
    [LibraryImport(Gst)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_init_check(IntPtr argc, IntPtr argv, out IntPtr error);

    [LibraryImport(Gst)]
    public static partial void gst_version(out uint major, out uint minor, out uint micro, out uint nano);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_object_ref_sink(IntPtr obj);

    [LibraryImport(Gst)]
    public static partial void gst_object_unref(IntPtr obj);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_object_get_name(IntPtr obj);

    [LibraryImport(Gst)]
    public static partial void gst_mini_object_unref(IntPtr obj);

    // ---- gstparse.h / gstbin.h / gstelement.h / gstpipeline.h ----
    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr gst_parse_launch(string description, out IntPtr error);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr gst_bin_get_by_name(IntPtr bin, string name);

    [LibraryImport(Gst)]
    public static partial GstStateChangeReturn gst_element_set_state(IntPtr element, GstState state);

    [LibraryImport(Gst)]
    public static partial GstStateChangeReturn gst_element_get_state(IntPtr element, out GstState state, out GstState pending, ulong timeoutNs);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_element_get_bus(IntPtr element);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr gst_element_get_static_pad(IntPtr element, string name);

    [LibraryImport(Gst)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_element_send_event(IntPtr element, IntPtr eventTransferFull);

    [LibraryImport(Gst)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_pad_send_event(IntPtr pad, IntPtr eventTransferFull);

    [LibraryImport(Gst)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_element_seek(IntPtr element, double rate, GstFormat format, GstSeekFlags flags,
        GstSeekType startType, long start, GstSeekType stopType, long stop);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_event_new_eos();

    [LibraryImport(Gst)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_element_query_duration(IntPtr element, GstFormat format, out long duration);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_pipeline_get_clock(IntPtr pipeline);

    /// <summary>gst_element_set_start_time (gstelement.h): GST_CLOCK_TIME_NONE on a pipeline stops it from resetting
    /// running time (new base time) after a flushing seek.</summary>
    [LibraryImport(Gst)]
    public static partial void gst_element_set_start_time(IntPtr element, ulong time);

    /// <summary>gst_pad_set_offset (gstpad.h): running-time offset (ns) applied to the segments of data passing the pad.</summary>
    [LibraryImport(Gst)]
    public static partial void gst_pad_set_offset(IntPtr pad, long offset);

    [LibraryImport(Gst)]
    public static partial ulong gst_element_get_base_time(IntPtr element);

    [LibraryImport(Gst)]
    public static partial ulong gst_clock_get_time(IntPtr clock);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr gst_element_factory_find(string name);

    // ---- gstbus.h / gstmessage.h ----
    [LibraryImport(Gst)]
    public static partial IntPtr gst_bus_timed_pop_filtered(IntPtr bus, ulong timeoutNs, GstMessageType types);

    [LibraryImport(Gst)]
    public static partial void gst_message_parse_error(IntPtr message, out IntPtr gerror, out IntPtr debug);

    [LibraryImport(Gst)]
    public static partial void gst_message_parse_warning(IntPtr message, out IntPtr gerror, out IntPtr debug);

    [LibraryImport(Gst)]
    public static partial void gst_message_parse_state_changed(IntPtr message, out GstState oldState, out GstState newState, out GstState pending);

    // ---- gstsample.h / gstbuffer.h / gstsegment.h / gstcaps.h / gststructure.h ----
    [LibraryImport(Gst)]
    public static partial IntPtr gst_sample_get_buffer(IntPtr sample);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_sample_get_caps(IntPtr sample);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_sample_get_segment(IntPtr sample);

    [LibraryImport(Gst)]
    public static partial ulong gst_segment_to_running_time(IntPtr segment, GstFormat format, ulong position);

    [LibraryImport(Gst)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_buffer_map(IntPtr buffer, GstMapInfo* info, GstMapFlags flags);

    [LibraryImport(Gst)]
    public static partial void gst_buffer_unmap(IntPtr buffer, GstMapInfo* info);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_caps_get_structure(IntPtr caps, uint index);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_structure_get_int(IntPtr structure, string field, out int value);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_structure_get_fraction(IntPtr structure, string field, out int numerator, out int denominator);

    // ---- gstpad.h (probes) ----
    [LibraryImport(Gst)]
    public static partial nuint gst_pad_add_probe(IntPtr pad, GstPadProbeType mask,
        delegate* unmanaged<IntPtr, GstPadProbeInfo*, IntPtr, GstPadProbeReturn> callback, IntPtr userData, IntPtr destroyNotify);

    [LibraryImport(Gst)]
    public static partial void gst_pad_remove_probe(IntPtr pad, nuint id);

    [LibraryImport(Gst)]
    public static partial IntPtr gst_pad_get_sticky_event(IntPtr pad, int eventType, uint index);

    [LibraryImport(Gst)]
    public static partial void gst_event_parse_segment(IntPtr segmentEvent, out IntPtr segment);

    /// <summary>GST_EVENT_SEGMENT = GST_EVENT_MAKE_TYPE(70, DOWNSTREAM | SERIALIZED | STICKY) (gstevent.h).</summary>
    public const int EventTypeSegment = (70 << 8) | (1 << 1) | (1 << 2) | (1 << 3);

    /// <summary>
    /// Running time of <paramref name="pts"/> in the SEGMENT currently sticky on <paramref name="pad"/>
    /// (gst_pad_get_sticky_event + gst_segment_to_running_time); <see cref="ClockTimeNone"/> when unknown.
    /// </summary>
    public static ulong PadRunningTime(IntPtr pad, ulong pts)
    {
        if (pts == ClockTimeNone)
        {
            return ClockTimeNone;
        }

        IntPtr ev = gst_pad_get_sticky_event(pad, EventTypeSegment, 0);
        if (ev == IntPtr.Zero)
        {
            return ClockTimeNone;
        }

        try
        {
            gst_event_parse_segment(ev, out IntPtr segment);
            return segment == IntPtr.Zero ? ClockTimeNone : gst_segment_to_running_time(segment, GstFormat.Time, pts);
        }
        finally
        {
            gst_mini_object_unref(ev);
        }
    }

    // ---- gstappsink.h ----
    [LibraryImport(GstApp)]
    public static partial IntPtr gst_app_sink_try_pull_sample(IntPtr appsink, ulong timeoutNs);

    [LibraryImport(GstApp)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool gst_app_sink_is_eos(IntPtr appsink);

    // ---- gstvideo/video-event.h ----
    [LibraryImport(GstVideo)]
    public static partial IntPtr gst_video_event_new_upstream_force_key_unit(ulong runningTime, [MarshalAs(UnmanagedType.I4)] bool allHeaders, uint count);

    // ---- GObject / GLib ----
    [LibraryImport(GObject)]
    public static partial IntPtr g_value_init(GValue* value, nuint gtype);

    [LibraryImport(GObject)]
    public static partial void g_value_set_boolean(GValue* value, int boolean);

    [LibraryImport(GObject)]
    public static partial void g_value_unset(GValue* value);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_object_set_property(IntPtr obj, string name, GValue* value);

    /// <summary>
    /// g_signal_emit_by_name (gsignal.h) for an action signal without parameters and without a return value, e.g.
    /// nvv4l2h264enc's <c>force-IDR</c> (G_SIGNAL_ACTION, G_TYPE_NONE, 0 parameters; L4T gst-v4l2 gstv4l2videoenc.c).
    /// The C function is variadic; called with no variadic arguments it has the ABI of a two-argument function on
    /// LP64 Linux (x86-64 SysV: %al only bounds vector-register saves; AArch64 AAPCS64: variadic arguments use the
    /// normal registers). Never call it for a signal that takes parameters or returns a value.
    /// </summary>
    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_signal_emit_by_name(IntPtr instance, string detailedSignal);

    /// <summary>g_signal_lookup (gsignal.h): the signal id of <paramref name="name"/> on <paramref name="itype"/>, 0 when none.</summary>
    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint g_signal_lookup(string name, nuint itype);

    [LibraryImport(GLib)]
    public static partial void g_free(IntPtr mem);

    [LibraryImport(GLib)]
    public static partial void g_error_free(IntPtr error);

    [LibraryImport(GLib)]
    public static partial IntPtr g_quark_to_string(uint quark);

    /// <summary>G_TYPE_BOOLEAN = G_TYPE_MAKE_FUNDAMENTAL(5) (gtype.h).</summary>
    public const nuint GTypeBoolean = 5 << 2;

    /// <summary>G_TYPE_FROM_INSTANCE: the first field of a GTypeInstance is its GTypeClass*, whose first field is the GType.</summary>
    public static nuint InstanceType(IntPtr instance) =>
        instance == IntPtr.Zero ? 0 : (nuint)Marshal.ReadIntPtr(Marshal.ReadIntPtr(instance));

    // ---- documented struct layouts (LP64), unchanged from 1.20 to 1.22 (public ABI of GStreamer 1.x) ----
    // GstMiniObject (gstminiobject.h): GType type; gint refcount; gint lockstate; guint flags; 3 function pointers;
    // guint priv_uint; gpointer priv_pointer  =>  64 bytes on LP64.
    private const int MiniObjectSize = 64;

    /// <summary>GstMessage.type (gstmessage.h), right after the GstMiniObject header.</summary>
    public static GstMessageType MessageType(IntPtr message) => (GstMessageType)Marshal.ReadInt32(message, MiniObjectSize);

    /// <summary>GstMessage.src (gstmessage.h): GstMiniObject, type (4 + 4 padding), timestamp (8), src.</summary>
    public static IntPtr MessageSource(IntPtr message) => Marshal.ReadIntPtr(message, MiniObjectSize + 16);

    /// <summary>GstBuffer.pts (gstbuffer.h): GstMiniObject, pool pointer, pts.</summary>
    public static ulong BufferPts(IntPtr buffer) => (ulong)Marshal.ReadInt64(buffer, MiniObjectSize + 8);

    /// <summary>Copies and frees a g_malloc'ed UTF-8 string (transfer full).</summary>
    public static string? TakeString(IntPtr utf8)
    {
        if (utf8 == IntPtr.Zero)
        {
            return null;
        }

        string? s = Marshal.PtrToStringUTF8(utf8);
        g_free(utf8);
        return s;
    }

    /// <summary>Reads and frees a GError (gerror.h: GQuark domain; gint code; gchar *message).</summary>
    public static GstErrorInfo? TakeError(IntPtr gerror)
    {
        if (gerror == IntPtr.Zero)
        {
            return null;
        }

        uint domain = (uint)Marshal.ReadInt32(gerror, 0);
        int code = Marshal.ReadInt32(gerror, 4);
        string message = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(gerror, 8)) ?? "";
        string domainName = Marshal.PtrToStringUTF8(g_quark_to_string(domain)) ?? "";
        g_error_free(gerror);
        return new GstErrorInfo(domainName, code, message);
    }

    /// <summary>Name of a GstObject (copied), or "?".</summary>
    public static string ObjectName(IntPtr gstObject) =>
        gstObject == IntPtr.Zero ? "?" : TakeString(gst_object_get_name(gstObject)) ?? "?";
}

/// <summary>GstMapInfo (gstmemory.h, 1.x ABI): memory, flags, data, size, maxsize, user_data[4], _gst_reserved[4] = 104 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GstMapInfo
{
    public IntPtr Memory;
    public int Flags;
    public IntPtr Data;
    public nuint Size;
    public nuint MaxSize;
    public fixed long UserDataAndReserved[8];
}

/// <summary>GValue (gvalue.h): GType g_type; union data[2] = 24 bytes on LP64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public nuint GType;
    public long Data0;
    public long Data1;
}

/// <summary>GstPadProbeInfo (gstpad.h, 1.x ABI): type, id, data, offset, size, ABI union.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GstPadProbeInfo
{
    public GstPadProbeType Type;
    public nuint Id;
    public IntPtr Data;
    public ulong Offset;
    public uint Size;
}

/// <summary>GstState (gstelement.h).</summary>
internal enum GstState
{
    VoidPending = 0,
    Null = 1,
    Ready = 2,
    Paused = 3,
    Playing = 4,
}

/// <summary>GstStateChangeReturn (gstelement.h).</summary>
internal enum GstStateChangeReturn
{
    Failure = 0,
    Success = 1,
    Async = 2,
    NoPreroll = 3,
}

/// <summary>GstFormat (gstformat.h).</summary>
internal enum GstFormat
{
    Undefined = 0,
    Default = 1,
    Bytes = 2,
    Time = 3,
}

/// <summary>GstSeekFlags (gstsegment.h).</summary>
[Flags]
internal enum GstSeekFlags
{
    None = 0,
    Flush = 1 << 0,
    Accurate = 1 << 1,
    KeyUnit = 1 << 2,
    Segment = 1 << 3,
}

/// <summary>GstSeekType (gstsegment.h).</summary>
internal enum GstSeekType
{
    None = 0,
    Set = 1,
    End = 2,
}

/// <summary>GstMapFlags (gstmemory.h).</summary>
[Flags]
internal enum GstMapFlags
{
    Read = 1,
    Write = 2,
}

/// <summary>GstMessageType (gstmessage.h), the subset the runtime filters on.</summary>
[Flags]
internal enum GstMessageType : uint
{
    Unknown = 0,
    Eos = 1u << 0,
    Error = 1u << 1,
    Warning = 1u << 2,
    Info = 1u << 3,
    StateChanged = 1u << 6,
    SegmentDone = 1u << 17,
    AsyncDone = 1u << 21,
}

/// <summary>GstPadProbeType (gstpad.h).</summary>
[Flags]
internal enum GstPadProbeType
{
    Invalid = 0,
    Idle = 1 << 0,
    Block = 1 << 1,
    Buffer = 1 << 4,
    BufferList = 1 << 5,
}

/// <summary>GstPadProbeReturn (gstpad.h).</summary>
internal enum GstPadProbeReturn
{
    Drop = 0,
    Ok = 1,
    Remove = 2,
    Pass = 3,
    Handled = 4,
}

/// <summary>A copied GError: GQuark domain name (e.g. <c>gst-resource-error-quark</c>), code and message.</summary>
internal sealed record GstErrorInfo(string Domain, int Code, string Message);
