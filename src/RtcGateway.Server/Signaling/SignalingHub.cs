using Microsoft.AspNetCore.SignalR;
using RtcGateway.Server.Api;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Signaling;

/// <summary>
/// The browser signalling hub at <c>/hubs/signaling</c> (ASP.NET Core SignalR, JSON protocol). Client → server:
/// <see cref="ListCameras"/>, <see cref="Connect"/>, <see cref="AddIceCandidate"/>, <see cref="Disconnect"/>.
/// Server → client: <c>SessionClosed(sessionId, reason)</c> and <c>CameraStateChanged(camera)</c>. Sessions die with
/// their hub connection.
/// </summary>
public sealed class SignalingHub : Hub
{
    private readonly SessionManager _sessions;
    private readonly CameraDirectory _directory;

    /// <summary>Creates the hub (per invocation, DI).</summary>
    public SignalingHub(SessionManager sessions, CameraDirectory directory)
    {
        _sessions = sessions;
        _directory = directory;
    }

    /// <summary>Lists the cameras.</summary>
    public IReadOnlyList<CameraInfo> ListCameras() => _directory.List();

    /// <summary>Answers an offer for a camera; the session belongs to this connection.</summary>
    /// <exception cref="HubException">Unknown camera, malformed or unusable offer, camera failed (the message is the reason).</exception>
    public async Task<ConnectResult> Connect(string cameraId, string offerSdp)
    {
        var (session, answer, error) = await _sessions
            .CreateSessionAsync(cameraId ?? "", offerSdp, Context.ConnectionId, Context.ConnectionAborted).ConfigureAwait(false);
        if (error is not null)
        {
            throw new HubException(error.Reason);
        }

        return new ConnectResult(session!.Id, answer!);
    }

    /// <summary>Accepts a trickled candidate. The gateway is ICE-lite (RFC 8445 §2.5): it learns the viewer's address
    /// from its connectivity checks, so candidates need no processing; an unknown session is an error.</summary>
    /// <exception cref="HubException">The session does not exist or belongs to another connection.</exception>
    public void AddIceCandidate(string sessionId, string candidate)
    {
        if (!_sessions.TryGetSession(sessionId ?? "", out ViewerSession? s) || s is null || s.OwnerConnectionId != Context.ConnectionId)
        {
            throw new HubException($"unknown session '{sessionId}'");
        }
    }

    /// <summary>Ends a session of this connection (no error when it already ended).</summary>
    public void Disconnect(string sessionId)
    {
        if (_sessions.TryGetSession(sessionId ?? "", out ViewerSession? s) && s is not null && s.OwnerConnectionId == Context.ConnectionId)
        {
            s.RequestClose("viewer disconnected");
        }
    }

    /// <summary>Ends the connection's sessions (tab closed, network lost).</summary>
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        _sessions.CloseOwnedBy(Context.ConnectionId, "signalling connection closed");
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Result of <see cref="SignalingHub.Connect"/>.</summary>
/// <param name="SessionId">The session id (for <c>Disconnect</c>, <c>AddIceCandidate</c>, <c>SessionClosed</c>).</param>
/// <param name="AnswerSdp">The SDP answer.</param>
public sealed record ConnectResult(string SessionId, string AnswerSdp);
