namespace RtcGateway.Media.Gst;

/// <summary>
/// Emits GObject action signals that take no parameters and return nothing (G_SIGNAL_ACTION, G_TYPE_NONE, 0 params),
/// e.g. nvv4l2h264enc's <c>force-IDR</c> (L4T gst-v4l2, gstv4l2videoenc.c). The signal is looked up first
/// (g_signal_lookup on the instance's type and its ancestors) so a missing signal is a false return, not a GLib warning.
/// </summary>
internal static class GstActionSignal
{
    /// <summary>Emits <paramref name="signal"/> on <paramref name="element"/> when its type has that signal.</summary>
    /// <param name="element">The element (a borrowed reference, valid for the call).</param>
    /// <param name="signal">Signal name, e.g. <c>force-IDR</c>. Only parameterless, void signals.</param>
    /// <returns>True when the signal exists and was emitted.</returns>
    public static bool TryEmit(GstObjectHandle element, string signal)
    {
        ArgumentNullException.ThrowIfNull(element);
        IntPtr instance = element.DangerousGetHandle();
        nuint type = GstNative.InstanceType(instance);
        if (type == 0 || GstNative.g_signal_lookup(signal, type) == 0)
        {
            return false;
        }

        GstNative.g_signal_emit_by_name(instance, signal);
        return true;
    }
}
