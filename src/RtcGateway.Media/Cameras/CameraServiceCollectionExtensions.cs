using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>DI registration of the camera runtime.</summary>
public static class CameraServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GatewayCameraOptions"/> to <paramref name="gatewaySection"/> (the <c>Gateway</c> section, so the list
    /// is <c>Gateway:Cameras</c>), and registers <see cref="TimeProvider.System"/> (if none), <see cref="GstElementRegistry"/>
    /// as <see cref="IElementRegistry"/> (if none), <see cref="CameraManager"/> as a singleton and as a hosted service
    /// (AlwaysOn cameras start with the host; all pipelines stop with it), and <see cref="GstStartupReport"/> (logs the
    /// GStreamer version, the version-dependent choices and missing elements with their packages at start).
    /// </summary>
    public static IServiceCollection AddGatewayCameras(this IServiceCollection services, IConfiguration gatewaySection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(gatewaySection);
        services.Configure<GatewayCameraOptions>(gatewaySection);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IElementRegistry, GstElementRegistry>();
        services.TryAddSingleton<CameraManager>();
        services.AddHostedService<GstStartupReport>(); // before the cameras: version and missing elements first in the log
        services.AddHostedService(sp => sp.GetRequiredService<CameraManager>());
        return services;
    }
}
