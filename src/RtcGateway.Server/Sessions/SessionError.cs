namespace RtcGateway.Server.Sessions;

/// <summary>
/// Why a session could not be created: an HTTP status (WHEP) and a plain-text reason (also the SignalR
/// <c>HubException</c> message).
/// </summary>
/// <param name="StatusCode">400 malformed or unusable offer, 404 unknown camera, 406 nothing we can send in the offer,
/// 413 offer too large, 503 camera failed or not producing video, or the session limit reached.</param>
/// <param name="Reason">Human-readable reason naming the cause.</param>
public sealed record SessionError(int StatusCode, string Reason);
