using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Api;

/// <summary>
/// WHEP (WebRTC-HTTP Egress Protocol, IETF draft-ietf-wish-whep; the same resource shapes as RFC 9725 WHIP):
/// <c>POST /api/cameras/{id}/whep</c> with an SDP offer creates a session (201, <c>Location</c> of the session resource,
/// answer in the body); <c>DELETE</c> on the resource ends it; <c>PATCH</c> (trickle ICE / ICE restart) is answered 405
/// because this ICE-lite server gathers no candidates and supports no ICE restart (RFC 9725 §4.3.1 allows it).
/// </summary>
public static class WhepEndpoints
{
    /// <summary>The SDP media type (RFC 8866 §8).</summary>
    public const string SdpContentType = "application/sdp";

    /// <summary>Largest accepted offer body, bytes.</summary>
    public const int MaxOfferBytes = 64 * 1024;

    /// <summary>Maps the WHEP routes.</summary>
    public static IEndpointRouteBuilder MapWhep(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cameras/{id}/whep", CreateAsync);
        app.MapDelete("/api/cameras/{id}/whep/{sessionId}", Delete);
        app.MapMethods("/api/cameras/{id}/whep/{sessionId}", ["PATCH"], Patch);
        app.MapMethods("/api/cameras/{id}/whep", ["OPTIONS"], (HttpContext ctx) =>
        {
            ctx.Response.Headers.Allow = "OPTIONS, POST";
            ctx.Response.Headers["Accept-Post"] = SdpContentType;
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<IResult> CreateAsync(string id, HttpContext context, SessionManager sessions, CancellationToken ct)
    {
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), SdpContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text($"Content-Type must be {SdpContentType}", "text/plain", statusCode: 415);
        }

        if (context.Request.ContentLength > MaxOfferBytes)
        {
            return Results.Text($"offer larger than {MaxOfferBytes} bytes", "text/plain", statusCode: 413);
        }

        string offer;
        using (var reader = new StreamReader(context.Request.Body))
        {
            char[] buffer = new char[MaxOfferBytes + 1];
            int read = await reader.ReadBlockAsync(buffer, ct).ConfigureAwait(false);
            if (read > MaxOfferBytes)
            {
                return Results.Text($"offer larger than {MaxOfferBytes} bytes", "text/plain", statusCode: 413);
            }

            offer = new string(buffer, 0, read);
        }

        var (session, answer, error) = await sessions.CreateSessionAsync(id, offer, null, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return Results.Text(error.Reason, "text/plain", statusCode: error.StatusCode);
        }

        string location = $"/api/cameras/{Uri.EscapeDataString(session!.CameraId)}/whep/{session.Id}";
        context.Response.Headers.Location = location;
        context.Response.Headers.ETag = "\"" + session.Id + "\"";
        return Results.Text(answer!, SdpContentType, statusCode: 201);
    }

    private static IResult Delete(string id, string sessionId, SessionManager sessions)
    {
        if (!sessions.TryGetSession(sessionId, out ViewerSession? session) || session is null
            || !string.Equals(session.CameraId, id, StringComparison.OrdinalIgnoreCase) || session.OwnerConnectionId is not null)
        {
            return Results.Text("unknown WHEP session", "text/plain", statusCode: 404);
        }

        session.RequestClose("WHEP DELETE");
        return Results.Ok();
    }

    private static IResult Patch(string id, string sessionId, HttpContext context, SessionManager sessions)
    {
        if (!sessions.TryGetSession(sessionId, out ViewerSession? session) || session is null)
        {
            return Results.Text("unknown WHEP session", "text/plain", statusCode: 404);
        }

        context.Response.Headers.Allow = "DELETE";
        return Results.Text("trickle ICE and ICE restarts are not supported by this ICE-lite server", "text/plain", statusCode: 405);
    }
}
