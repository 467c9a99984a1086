using RtcGateway.Media.Configuration;

namespace RtcGateway.Server.Control;

/// <summary>Teleoperation control settings, bound from <c>Gateway:Control</c>; validated at start by
/// <see cref="Configuration.GatewayOptionsValidator"/>.</summary>
public sealed class ControlOptions
{
    /// <summary>The lease holder must send something at least this often, or the robot gets a deadman stop, ms (50..60000, default 500).</summary>
    [ConfigRange(50, 60_000)]
    public int DeadmanTimeoutMs { get; set; } = 500;

    /// <summary>The robot process's UDP address (<c>host:port</c>, e.g. <c>127.0.0.1:9000</c>) that receives every accepted
    /// command and every deadman stop as one JSON datagram; empty disables the UDP bridge. The host is an IPv4 address or a
    /// host name (resolved to IPv4 at start), the port 1..65535.</summary>
    public string? ForwardTo { get; set; }

    /// <summary>Local UDP port commands are sent from; the robot's replies to it are relayed to the lease holder as
    /// telemetry, 0..65535. 0 (default) = an ephemeral port (the robot replies to the datagrams' source address).</summary>
    [ConfigRange(0, 65535)]
    public int BridgePort { get; set; }

    /// <summary>Largest accepted control message, bytes of UTF-8 JSON (256..262144, the SDP a=max-message-size we announce;
    /// default 16384).</summary>
    [ConfigRange(256, 262_144)]
    public int MaxMessageBytes { get; set; } = 16 * 1024;
}
