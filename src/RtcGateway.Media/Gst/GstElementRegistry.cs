using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Gst;

/// <summary>
/// <see cref="IElementRegistry"/> backed by the installed GStreamer plugins: <c>gst_element_factory_find</c>
/// (GstElementFactory, gstelementfactory.h). Initialises GStreamer on first use.
/// </summary>
public sealed class GstElementRegistry : IElementRegistry
{
    /// <summary>True when <c>gst_element_factory_find(factoryName)</c> finds a factory. Never throws: false when
    /// GStreamer cannot be loaded or initialised, or the name is empty.</summary>
    public bool HasElement(string factoryName)
    {
        if (string.IsNullOrEmpty(factoryName))
        {
            return false;
        }

        try
        {
            GstRuntime.EnsureInitialized();
            using var factory = new GstObjectHandle(GstNative.gst_element_factory_find(factoryName));
            return !factory.IsInvalid;
        }
        catch (Exception e) when (e is GstException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
