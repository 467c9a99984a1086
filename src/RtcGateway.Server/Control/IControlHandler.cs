using System.Text.Json.Nodes;

namespace RtcGateway.Server.Control;

/// <summary>
/// In-process robot code: receives the same commands and deadman stops as the UDP bridge. Register implementations in
/// DI (<c>services.AddSingleton&lt;IControlHandler, MyRobot&gt;()</c>). Calls are made on a gateway thread — usually the
/// WebRTC UDP receive thread, which processes an idle session's datagram to completion, otherwise a session's loop or
/// a timer — so they must return within microseconds and never block: a slow handler delays every viewer's incoming
/// traffic. Hand longer work to a queue of your own. Exceptions are logged and do not affect the session.
/// </summary>
public interface IControlHandler
{
    /// <summary>An accepted command from the lease holder.</summary>
    /// <param name="command">The command as forwarded: session, seq (per session, from 1), receivedAt (Unix ms) and the
    /// client's message object.</param>
    void OnCommand(ControlCommand command);

    /// <summary>The fail-safe fired: stop the robot.</summary>
    /// <param name="sessionId">The lease holder's session.</param>
    /// <param name="cameraId">The camera (robot) it controlled.</param>
    /// <param name="reason">Why: no command within the deadman timeout, video stalled, session ended, released.</param>
    void OnDeadman(string sessionId, string cameraId, string reason);
}

/// <summary>One command accepted from a lease holder.</summary>
/// <param name="SessionId">The holder's session id.</param>
/// <param name="CameraId">The camera (robot) it controls.</param>
/// <param name="Sequence">1, 2, 3 … per session.</param>
/// <param name="ReceivedAtUnixMs">Gateway receive time, ms since the Unix epoch.</param>
/// <param name="Message">The client's JSON object, unchanged.</param>
public sealed record ControlCommand(string SessionId, string CameraId, long Sequence, long ReceivedAtUnixMs, JsonObject Message);
