using System.Runtime.InteropServices;

namespace RtcGateway.Media.Gst;

/// <summary>
/// GObject property bindings beyond booleans (gobject/gobject.h, gobject/gvalue.h, gobject/gvaluetypes.h; GLib 2.0 API
/// unchanged since 2.0) and GStreamer's string-to-property helper (gst_util_set_object_arg, gstutils.h, since 0.10).
/// </summary>
internal static unsafe partial class GstNative
{
    /// <summary>G_TYPE_INT = G_TYPE_MAKE_FUNDAMENTAL(6) (gtype.h).</summary>
    public const nuint GTypeInt = 6 << 2;

    /// <summary>G_TYPE_UINT = G_TYPE_MAKE_FUNDAMENTAL(7) (gtype.h).</summary>
    public const nuint GTypeUInt = 7 << 2;

    [LibraryImport(GObject)]
    public static partial void g_value_set_int(GValue* value, int v);

    [LibraryImport(GObject)]
    public static partial void g_value_set_uint(GValue* value, uint v);

    [LibraryImport(GObject)]
    public static partial uint g_value_get_uint(GValue* value);

    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_object_get_property(IntPtr obj, string name, GValue* value);

    /// <summary>g_object_class_find_property: the GParamSpec of <paramref name="name"/>, or NULL (borrowed).</summary>
    [LibraryImport(GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr g_object_class_find_property(IntPtr objectClass, string name);

    /// <summary>Parses <paramref name="value"/> into the property's type (gst_value_deserialize) and sets it.</summary>
    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void gst_util_set_object_arg(IntPtr obj, string name, string value);

    /// <summary>Whether the object's class has a property called <paramref name="name"/>: the object's class pointer is the
    /// first field of its GTypeInstance (gtype.h), passed to g_object_class_find_property.</summary>
    public static bool HasProperty(IntPtr obj, string name) =>
        obj != IntPtr.Zero && g_object_class_find_property(Marshal.ReadIntPtr(obj), name) != IntPtr.Zero;
}
