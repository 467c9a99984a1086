using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RtcGateway.Server.Transport;

namespace RtcGateway.Server.Health;

/// <summary>
/// Readiness of the WebRTC transport: healthy while the shared UDP socket (<c>Gateway:WebRtc:UdpPort</c>) is bound,
/// unhealthy before start and after stop. The result's data carries <c>localEndPoint</c> (e.g. <c>0.0.0.0:8189</c>,
/// null when not bound).
/// </summary>
public sealed class UdpHealthCheck : IHealthCheck
{
    /// <summary>The check's name in the report (<c>checks.udp</c>).</summary>
    public const string Name = "udp";

    private readonly UdpTransport _transport;

    /// <summary>Checks <paramref name="transport"/> (DI).</summary>
    public UdpHealthCheck(UdpTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IPEndPoint? bound;
        try
        {
            bound = _transport.LocalEndPoint;
        }
        catch (ObjectDisposedException)
        {
            bound = null; // closed by shutdown
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["localEndPoint"] = bound?.ToString()! };
        return Task.FromResult(bound is null
            ? HealthCheckResult.Unhealthy("UDP socket not bound", data: data)
            : HealthCheckResult.Healthy($"UDP socket bound to {bound}", data));
    }
}
