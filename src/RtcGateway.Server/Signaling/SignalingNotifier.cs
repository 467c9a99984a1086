using Microsoft.AspNetCore.SignalR;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Api;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Signaling;

/// <summary>Pushes <c>SessionClosed</c> to a session's owner and <c>CameraStateChanged</c> to every client.</summary>
public sealed class SignalingNotifier : IHostedService
{
    private readonly IHubContext<SignalingHub> _hub;
    private readonly SessionManager _sessions;
    private readonly CameraManager _cameras;
    private readonly CameraDirectory _directory;

    /// <summary>Creates the notifier (DI).</summary>
    public SignalingNotifier(IHubContext<SignalingHub> hub, SessionManager sessions, CameraManager cameras, CameraDirectory directory)
    {
        _hub = hub;
        _sessions = sessions;
        _cameras = cameras;
        _directory = directory;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sessions.SessionClosed += OnSessionClosed;
        foreach (ICamera camera in _cameras.Cameras)
        {
            camera.StatusChanged += OnCameraChanged;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _sessions.SessionClosed -= OnSessionClosed;
        foreach (ICamera camera in _cameras.Cameras)
        {
            camera.StatusChanged -= OnCameraChanged;
        }

        return Task.CompletedTask;
    }

    private void OnSessionClosed(ViewerSession session, string reason)
    {
        if (session.OwnerConnectionId is { } owner)
        {
            _ = _hub.Clients.Client(owner).SendAsync("SessionClosed", session.Id, reason);
        }
    }

    private void OnCameraChanged(ICamera camera) => _ = _hub.Clients.All.SendAsync("CameraStateChanged", _directory.Describe(camera));
}
