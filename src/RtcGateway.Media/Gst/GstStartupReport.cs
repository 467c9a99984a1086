using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Gst;

/// <summary>
/// Logs once at host start: the GStreamer version and the version-dependent choices (<see cref="GstFeatures"/>), and
/// every expected element that is missing with its effect and package (<see cref="ElementInventory"/>), e.g.
/// <c>GStreamer element clockoverlay is missing: the test source has no wall-clock overlay; install the Debian package
/// gstreamer1.0-x</c>. Never stops the host: cameras report their own configuration errors.
/// </summary>
public sealed partial class GstStartupReport(IElementRegistry registry, ILogger<GstStartupReport> logger, Func<GstFeatures>? features = null)
    : IHostedService
{
    /// <summary>Writes the report (synchronously; a few element lookups).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            GstFeatures f = (features ?? (() => GstFeatures.Runtime))();
            if (f.IsSupported)
            {
                LogFeatures(logger, f.Describe());
            }
            else
            {
                LogUnsupported(logger, f.Describe());
            }
        }
        catch (Exception e) when (e is GstException or DllNotFoundException or EntryPointNotFoundException)
        {
            LogNoGStreamer(logger, e.Message);
            return Task.CompletedTask;
        }

        IReadOnlyList<MissingElement> missing = ElementInventory.FindMissing(registry);
        foreach (MissingElement m in missing)
        {
            LogMissing(logger, m.Factory, m.Effect, m.Hint);
        }

        if (missing.Count == 0)
        {
            LogAllPresent(logger);
        }

        return Task.CompletedTask;
    }

    /// <summary>Nothing to stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "{Features}")]
    private static partial void LogFeatures(ILogger logger, string features);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "{Features}: untested GStreamer version, cameras may fail")]
    private static partial void LogUnsupported(ILogger logger, string features);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "GStreamer element {Element} is missing: {Effect}; {Hint}")]
    private static partial void LogMissing(ILogger logger, string element, string effect, string hint);

    [LoggerMessage(EventId = 133, Level = LogLevel.Information, Message = "GStreamer: every expected element is installed")]
    private static partial void LogAllPresent(ILogger logger);

    [LoggerMessage(EventId = 134, Level = LogLevel.Error, Message = "GStreamer cannot be loaded or initialised: {Reason}; install libgstreamer1.0-0 and the plugin packages (scripts/install-deps run)")]
    private static partial void LogNoGStreamer(ILogger logger, string reason);
}
