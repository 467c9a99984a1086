using Microsoft.Extensions.Options;
using Prometheus;

namespace RtcGateway.Server.Metrics;

/// <summary>Registration of the gateway's metrics (<see cref="GatewayMetrics"/>) and their Prometheus endpoint.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    /// <summary>
    /// Adds <see cref="MetricsOptions"/> (from <c>Gateway:Metrics</c> of <paramref name="configuration"/>, validated on
    /// start), <see cref="SessionLedger"/>, <see cref="GatewayMetrics"/> and <see cref="PrometheusExporter"/> (a hosted
    /// service: register it after the services whose counters it reads, so it stops first).
    /// </summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionPath)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<SessionLedger>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddHostedService(sp => sp.GetRequiredService<PrometheusExporter>());
        return services;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c> (Prometheus text exposition format 0.0.4; OpenMetrics when the scraper asks for it).
    /// Unauthenticated for now, like the other monitoring endpoints (access control is a later issue).
    /// </summary>
    public static IEndpointConventionBuilder MapGatewayMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        PrometheusExporter exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        return endpoints.MapMetrics(Path, exporter.Registry);
    }
}
