namespace RtcGateway.Media.Gst;

/// <summary>
/// Typed GObject property access on an element (g_object_set_property / g_object_get_property with a GValue of the
/// property's exact fundamental type, so no GValue transform is involved). Every setter first checks that the property
/// exists (g_object_class_find_property) and returns false otherwise; GLib would only print a warning. Thread-safe as far
/// as the element's own property handlers are (GStreamer elements lock their object for properties).
/// </summary>
internal static class GstProperty
{
    /// <summary>Sets a <c>guint</c> property; false when the element has no such property.</summary>
    public static unsafe bool TrySetUInt(GstObjectHandle element, string name, uint value)
    {
        IntPtr obj = element.DangerousGetHandle();
        if (!GstNative.HasProperty(obj, name))
        {
            return false;
        }

        GValue v = default;
        GstNative.g_value_init(&v, GstNative.GTypeUInt);
        GstNative.g_value_set_uint(&v, value);
        GstNative.g_object_set_property(obj, name, &v);
        GstNative.g_value_unset(&v);
        return true;
    }

    /// <summary>Sets a <c>gint</c> property; false when the element has no such property.</summary>
    public static unsafe bool TrySetInt(GstObjectHandle element, string name, int value)
    {
        IntPtr obj = element.DangerousGetHandle();
        if (!GstNative.HasProperty(obj, name))
        {
            return false;
        }

        GValue v = default;
        GstNative.g_value_init(&v, GstNative.GTypeInt);
        GstNative.g_value_set_int(&v, value);
        GstNative.g_object_set_property(obj, name, &v);
        GstNative.g_value_unset(&v);
        return true;
    }

    /// <summary>Reads a <c>guint</c> property; null when the element has no such property.</summary>
    public static unsafe uint? TryGetUInt(GstObjectHandle element, string name)
    {
        IntPtr obj = element.DangerousGetHandle();
        if (!GstNative.HasProperty(obj, name))
        {
            return null;
        }

        GValue v = default;
        GstNative.g_value_init(&v, GstNative.GTypeUInt);
        GstNative.g_object_get_property(obj, name, &v);
        uint result = GstNative.g_value_get_uint(&v);
        GstNative.g_value_unset(&v);
        return result;
    }

    /// <summary>Sets a property from its serialized string form (gst_util_set_object_arg), e.g. a capsfilter's
    /// <c>caps</c> from <c>video/x-raw,width=640,height=360</c>; false when the element has no such property.</summary>
    public static bool TrySetFromString(GstObjectHandle element, string name, string value)
    {
        IntPtr obj = element.DangerousGetHandle();
        if (!GstNative.HasProperty(obj, name))
        {
            return false;
        }

        GstNative.gst_util_set_object_arg(obj, name, value);
        return true;
    }
}
