namespace RtcGateway.Media.Pipelines;

/// <summary>
/// Answers whether a GStreamer element factory (e.g. <c>x264enc</c>, <c>nvarguscamerasrc</c>) is installed.
/// The runtime implements it with <c>gst_element_factory_find</c> (GStreamer core, GstElementFactory);
/// tests use <see cref="StaticElementRegistry"/>.
/// </summary>
public interface IElementRegistry
{
    /// <summary>True when an element factory with this exact name (case-sensitive, as printed by <c>gst-inspect-1.0</c>) exists.
    /// Never throws.</summary>
    /// <param name="factoryName">Element factory name, e.g. <c>nvv4l2h264enc</c>.</param>
    bool HasElement(string factoryName);
}
