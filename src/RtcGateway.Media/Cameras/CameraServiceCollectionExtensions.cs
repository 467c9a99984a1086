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
    /// (AlwaysOn cameras start with the host; all pipelines stop with it).
    /// </summary>
    public static IServiceCollection AddGatewayCameras(this IServiceCollection services, IConfiguration gatewaySection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(gatewaySection);
        services.Configure<GatewayCameraOptions>(gatewaySection);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IElementRegistry, GstElementRegistry>();
        services.TryAddSingleton<CameraManager>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraManager>());
        return services;
    }
}
