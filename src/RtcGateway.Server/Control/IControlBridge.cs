namespace RtcGateway.Server.Control;

/// <summary>The link to the robot process (see <see cref="UdpControlBridge"/>).</summary>
public interface IControlBridge
{
    /// <summary>Sends one JSON datagram to the robot; never throws (failures are logged and counted).</summary>
    void Send(ReadOnlySpan<byte> json);

    /// <summary>Raised for every datagram the robot sends back (UTF-8 JSON text, already validated as JSON by nothing:
    /// the receiver validates).</summary>
    event Action<string>? TelemetryReceived;
}
