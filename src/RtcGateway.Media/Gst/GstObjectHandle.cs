using System.Runtime.InteropServices;

namespace RtcGateway.Media.Gst;

/// <summary>
/// Owns one strong reference to a GstObject (element, bin, pad, bus, clock, factory) and drops it with
/// <c>gst_object_unref</c> (gstobject.h) when disposed or finalized.
/// </summary>
internal sealed class GstObjectHandle : SafeHandle
{
    public GstObjectHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public GstObjectHandle(IntPtr transferFull) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(transferFull);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GstNative.gst_object_unref(handle);
        return true;
    }
}
