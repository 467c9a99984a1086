using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RtcGateway.Server.Health;

/// <summary>
/// ASP.NET Core health checks for monitoring (unauthenticated for now; access control is a later issue):
/// <c>/healthz/live</c> answers 200 while the process serves HTTP (no check runs); <c>/healthz/ready</c> and its alias
/// <c>/healthz</c> run the readiness checks (<see cref="UdpHealthCheck"/>, <see cref="CameraHealthCheck"/>) and answer
/// 200 when all are healthy, 503 otherwise, with a JSON body (<see cref="HealthReportWriter"/>).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks.</summary>
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddSingleton<UdpHealthCheck>();
        services.AddSingleton<CameraHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<UdpHealthCheck>(UdpHealthCheck.Name, tags: [ReadyTag])
            .AddCheck<CameraHealthCheck>(CameraHealthCheck.Name, tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <c>/healthz/live</c>, <c>/healthz/ready</c> and <c>/healthz</c> (= ready).</summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync };
        var ready = new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        };
        endpoints.MapHealthChecks("/healthz/live", live);
        endpoints.MapHealthChecks("/healthz/ready", ready);
        endpoints.MapHealthChecks("/healthz", ready);
        return endpoints;
    }
}
