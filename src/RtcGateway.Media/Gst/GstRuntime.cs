namespace RtcGateway.Media.Gst;

/// <summary>
/// One-time, thread-safe initialisation of the GStreamer library (<c>gst_init_check</c>, gst.h).
/// </summary>
public static class GstRuntime
{
    private static readonly Lazy<string?> InitError = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Initialises GStreamer once per process (later calls are free). Throws <see cref="GstException"/> when
    /// <c>gst_init_check</c> fails, and <see cref="DllNotFoundException"/> when libgstreamer-1.0.so.0 is not installed.
    /// </summary>
    public static void EnsureInitialized()
    {
        string? error = InitError.Value;
        if (error is not null)
        {
            throw new GstException("gst_init_check failed: " + error);
        }
    }

    /// <summary>The runtime library version as "major.minor.micro" (gst_version), initialising GStreamer first.</summary>
    public static string Version
    {
        get
        {
            EnsureInitialized();
            GstNative.gst_version(out uint major, out uint minor, out uint micro, out _);
            return $"{major}.{minor}.{micro}";
        }
    }

    /// <summary>The runtime library version (gst_version), initialising GStreamer first.</summary>
    public static GstVersion RuntimeVersion
    {
        get
        {
            EnsureInitialized();
            GstNative.gst_version(out uint major, out uint minor, out uint micro, out _);
            return new GstVersion((int)major, (int)minor, (int)micro);
        }
    }

    private static string? Initialize()
    {
        if (GstNative.gst_init_check(IntPtr.Zero, IntPtr.Zero, out IntPtr error))
        {
            return null;
        }

        return GstNative.TakeError(error)?.Message ?? "unknown error";
    }
}
