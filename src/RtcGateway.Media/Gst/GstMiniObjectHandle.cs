using System.Runtime.InteropServices;

namespace RtcGateway.Media.Gst;

/// <summary>
/// Owns one reference to a GstMiniObject (GstSample, GstMessage, GstEvent, GstBuffer) and drops it with
/// <c>gst_mini_object_unref</c> (gstminiobject.h).
/// </summary>
internal sealed class GstMiniObjectHandle : SafeHandle
{
    public GstMiniObjectHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public GstMiniObjectHandle(IntPtr transferFull) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(transferFull);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GstNative.gst_mini_object_unref(handle);
        return true;
    }
}
