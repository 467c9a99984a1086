using RtcGateway.Media.Cameras;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Api;

/// <summary>
/// Read-only statistics of the WebRTC viewer sessions: <c>GET /api/sessions</c> (all, oldest first) and
/// <c>GET /api/cameras/{id}/sessions</c> (one camera's; 404 with a text reason for an unknown camera). JSON arrays of
/// <see cref="SessionStats"/>. Who may use them: anyone who can reach the HTTP port — like the rest of the API they are
/// unauthenticated today (access control is a later issue); they reveal session ids, which the WHEP resource URLs and
/// the hub also use, so expose the port only to trusted networks.
/// </summary>
public static class SessionStatsEndpoints
{
    /// <summary>Maps both endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapSessionStats(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/sessions", (SessionManager sessions) => List(sessions, cameraId: null));
        app.MapGet("/api/cameras/{id}/sessions", (string id, CameraManager cameras, SessionManager sessions) =>
            cameras.TryGet(id, out ICamera? camera) && camera is not null
                ? Results.Ok(List(sessions, camera.Id))
                : Results.Text($"unknown camera '{id}'", "text/plain", statusCode: 404));
        return app;
    }

    private static List<SessionStats> List(SessionManager sessions, string? cameraId) => sessions.Sessions
        .Where(s => cameraId is null || string.Equals(s.CameraId, cameraId, StringComparison.OrdinalIgnoreCase))
        .OrderBy(s => s.CreatedAt)
        .Select(SessionStats.From)
        .ToList();
}
