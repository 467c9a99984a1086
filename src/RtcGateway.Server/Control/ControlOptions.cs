namespace RtcGateway.Server.Control;

/// <summary>Teleoperation control settings, bound from <c>Gateway:Control</c>.</summary>
public sealed class ControlOptions
{
    /// <summary>The lease holder must send something at least this often, or the robot gets a deadman stop, ms. Default 500.</summary>
    public int DeadmanTimeoutMs { get; set; } = 500;

    /// <summary>The robot process's UDP address (<c>host:port</c>, e.g. <c>127.0.0.1:9000</c>) that receives every accepted
    /// command and every deadman stop as one JSON datagram; empty disables the UDP bridge.</summary>
    public string? ForwardTo { get; set; }

    /// <summary>Local UDP port commands are sent from; the robot's replies to it are relayed to the lease holder as
    /// telemetry. 0 (default) = an ephemeral port (the robot replies to the datagrams' source address).</summary>
    public int BridgePort { get; set; }

    /// <summary>Largest accepted control message, bytes (text JSON). Default 16384.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024;
}
