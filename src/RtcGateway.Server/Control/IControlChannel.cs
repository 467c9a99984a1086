namespace RtcGateway.Server.Control;

/// <summary>An open <c>control</c> data channel of one viewer session, as seen by the <see cref="ControlService"/>.</summary>
public interface IControlChannel
{
    /// <summary>The session that owns the channel.</summary>
    string SessionId { get; }

    /// <summary>The camera the session views (leases are per camera).</summary>
    string CameraId { get; }

    /// <summary>Queues one text message (JSON) to the client; never blocks; dropped silently once the channel closed.</summary>
    void SendText(string json);
}
