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
    /// start), this host's prometheus-net <see cref="CollectorRegistry"/>, <see cref="SessionLedger"/>, <see cref="GatewayMetrics"/> and <see cref="PrometheusExporter"/> (a hosted
    /// service: register it after the services whose counters it reads, so it stops first).
    /// </summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionPath)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
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
        // Only the registry: resolving the exporter here would build the sessions and the transport before the host
        // validated their options at start.
        return endpoints.MapMetrics(Path, endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>());
    }
}
