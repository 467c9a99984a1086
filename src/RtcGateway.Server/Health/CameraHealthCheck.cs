using Microsoft.Extensions.Diagnostics.HealthChecks;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Health;

/// <summary>
/// Readiness of the cameras: unhealthy while any camera is <see cref="CameraState.Failed"/> (bad configuration, missing
/// element or file: the camera stays down until fixed), healthy otherwise (Idle, Starting, Streaming and Restarting are
/// normal life-cycle states). The result's data maps every camera id to its <see cref="CameraHealth"/>.
/// </summary>
public sealed class CameraHealthCheck : IHealthCheck
{
    /// <summary>The check's name in the report (<c>checks.cameras</c>).</summary>
    public const string Name = "cameras";

    private readonly Func<IReadOnlyList<ICamera>> _cameras;

    /// <summary>Checks the configured cameras (DI).</summary>
    public CameraHealthCheck(CameraManager cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        _cameras = () => cameras.Cameras;
    }

    /// <summary>Checks the cameras <paramref name="cameras"/> returns at each check (tests).</summary>
    internal CameraHealthCheck(Func<IReadOnlyList<ICamera>> cameras) => _cameras = cameras;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var failed = new List<string>();
        foreach (ICamera camera in _cameras())
        {
            CameraStatus status = camera.Status;
            data[camera.Id] = new CameraHealth(status.State.ToString(), status.LastError);
            if (status.State == CameraState.Failed)
            {
                failed.Add(camera.Id);
            }
        }

        HealthCheckResult result = failed.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} camera(s), none failed", data)
            : HealthCheckResult.Unhealthy($"failed: {string.Join(", ", failed)}", data: data);
        return Task.FromResult(result);
    }
}
