namespace RtcGateway.Media.Gst;

/// <summary>An appsink element (gstappsink.h) pulled synchronously from one worker thread; no GLib main loop.</summary>
internal sealed class GstAppSink : IDisposable
{
    private readonly GstObjectHandle _element;

    public GstAppSink(GstObjectHandle element) => _element = element;

    /// <summary>The element reference (owned by this wrapper).</summary>
    public GstObjectHandle Element => _element;

    /// <summary>gst_app_sink_try_pull_sample: blocks up to <paramref name="timeout"/>; the result IsNull on timeout or EOS.</summary>
    public GstSample TryPull(TimeSpan timeout) =>
        new(GstNative.gst_app_sink_try_pull_sample(_element.DangerousGetHandle(), GstPipeline.ToClockTime(timeout)));

    /// <summary>gst_app_sink_is_eos.</summary>
    public bool IsEos => GstNative.gst_app_sink_is_eos(_element.DangerousGetHandle());

    public void Dispose() => _element.Dispose();
}
