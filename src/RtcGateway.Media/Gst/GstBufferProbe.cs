using System.Runtime.InteropServices;

namespace RtcGateway.Media.Gst;

/// <summary>
/// A buffer pad probe (gst_pad_add_probe with GST_PAD_PROBE_TYPE_BUFFER, gstpad.h) calling a managed callback with each
/// buffer's PTS and its running time in the pad's current segment (ns, ulong.MaxValue when unknown) on the pad's
/// streaming thread. The callback returns true to let the
/// buffer pass and false to drop it (GST_PAD_PROBE_DROP). Used for encoder latency measurement and the stall test hook.
/// The callback must be quick and must not throw (exceptions are swallowed and the buffer passes).
/// </summary>
internal sealed unsafe class GstBufferProbe : IDisposable
{
    private readonly GstObjectHandle _pad;
    private readonly Func<ulong, ulong, bool> _onBuffer;
    private GCHandle _self;
    private nuint _id;

    private GstBufferProbe(GstObjectHandle pad, Func<ulong, ulong, bool> onBuffer)
    {
        _pad = pad;
        _onBuffer = onBuffer;
        _self = GCHandle.Alloc(this);
        _id = GstNative.gst_pad_add_probe(pad.DangerousGetHandle(), GstPadProbeType.Buffer, &OnProbe, GCHandle.ToIntPtr(_self), IntPtr.Zero);
    }

    /// <summary>Attaches to the static pad <paramref name="padName"/> ("sink"/"src") of <paramref name="element"/>;
    /// throws <see cref="GstException"/> when the element has no such pad.</summary>
    public static GstBufferProbe Attach(GstObjectHandle element, string padName, Func<ulong, ulong, bool> onBuffer)
    {
        var pad = new GstObjectHandle(GstNative.gst_element_get_static_pad(element.DangerousGetHandle(), padName));
        if (pad.IsInvalid)
        {
            pad.Dispose();
            throw new GstException($"element {GstNative.ObjectName(element.DangerousGetHandle())} has no static pad '{padName}'");
        }

        return new GstBufferProbe(pad, onBuffer);
    }

    [UnmanagedCallersOnly]
    private static GstPadProbeReturn OnProbe(IntPtr pad, GstPadProbeInfo* info, IntPtr userData)
    {
        try
        {
            if (GCHandle.FromIntPtr(userData).Target is not GstBufferProbe self || info->Data == IntPtr.Zero)
            {
                return GstPadProbeReturn.Ok;
            }

            ulong pts = GstNative.BufferPts(info->Data);
            ulong runningTime = GstNative.PadRunningTime(pad, pts);
            return self._onBuffer(pts, runningTime) ? GstPadProbeReturn.Ok : GstPadProbeReturn.Drop;
        }
        catch (Exception)
        {
            return GstPadProbeReturn.Ok;
        }
    }

    /// <summary>Removes the probe (gst_pad_remove_probe; after it returns the callback is no longer invoked) and drops the pad.</summary>
    public void Dispose()
    {
        if (_id != 0)
        {
            GstNative.gst_pad_remove_probe(_pad.DangerousGetHandle(), _id);
            _id = 0;
        }

        _pad.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
