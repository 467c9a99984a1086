using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Control;

/// <summary>Turns a camera leaving <see cref="CameraState.Streaming"/> (stall, restart, failure) into a deadman stop for
/// the operator who controls that camera's robot: nobody should drive blind.</summary>
public sealed class ControlVideoWatch : IHostedService
{
    private readonly CameraManager _cameras;
    private readonly ControlService _control;

    /// <summary>Creates the watch (DI).</summary>
    public ControlVideoWatch(CameraManager cameras, ControlService control)
    {
        _cameras = cameras;
        _control = control;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ICamera camera in _cameras.Cameras)
        {
            camera.StatusChanged += OnStatusChanged;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (ICamera camera in _cameras.Cameras)
        {
            camera.StatusChanged -= OnStatusChanged;
        }

        return Task.CompletedTask;
    }

    private void OnStatusChanged(ICamera camera)
    {
        CameraStatus status = camera.Status;
        if (status.State is CameraState.Restarting or CameraState.Failed)
        {
            _control.VideoStalled(camera.Id, status.LastError is null ? status.State.ToString() : $"{status.State}: {status.LastError}");
        }
    }
}
