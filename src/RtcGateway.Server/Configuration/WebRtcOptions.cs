using RtcGateway.Media.Configuration;

namespace RtcGateway.Server.Configuration;

/// <summary>
/// WebRTC transport settings, bound from <c>Gateway:WebRtc</c>.
/// </summary>
public sealed class WebRtcOptions
{
    /// <summary>The one UDP port shared by all WebRTC peers (ICE-lite host candidates, RFC 8445 §2.5). Default 8189.</summary>
    [ConfigRange(0, 65535)]
    public int UdpPort { get; set; } = 8189;

    /// <summary>
    /// The UDP port announced in the answers' host candidates when it differs from the bound <see cref="UdpPort"/>, e.g.
    /// behind a NAT/firewall port-forward (public port P → this host's UdpPort). 0 (default): announce the bound port.
    /// </summary>
    [ConfigRange(0, 65535)]
    public int AdvertisedPort { get; set; }

    /// <summary>Address the UDP socket binds to; default <c>0.0.0.0</c> (all IPv4 interfaces).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Host candidates announced in answers: IP addresses or host names (resolved at start), like Janus
    /// <c>nat_1_1_mapping</c>. Empty: the machine's interface addresses (loopback included).
    /// </summary>
    public List<string> Candidates { get; set; } = new();

    /// <summary>A session whose ICE consent checks (RFC 7675) stop for this long is closed, ms. Default 15000.</summary>
    [ConfigRange(1000, 600_000)]
    public int ConsentTimeoutMs { get; set; } = 15000;

    /// <summary>A session that completes no ICE check within this time after the answer is closed, ms. Default 30000.</summary>
    [ConfigRange(1000, 600_000)]
    public int ConnectTimeoutMs { get; set; } = 30000;

    /// <summary>DTLS handshake timeout, ms. Default 10000.</summary>
    [ConfigRange(500, 120_000)]
    public int DtlsHandshakeTimeoutMs { get; set; } = 10000;

    /// <summary>Frames a viewer may have queued before it drops frames up to the next keyframe. Default 6.</summary>
    [ConfigRange(1, 300)]
    public int SendQueueFrames { get; set; } = 6;

    /// <summary>Upper bound of concurrent WebRTC sessions (all cameras). Default 100.</summary>
    [ConfigRange(1, 10_000)]
    public int MaxSessions { get; set; } = 100;

    /// <summary>How long an offer waits for an idle camera to start and deliver its first SPS, ms. Default 10000.</summary>
    [ConfigRange(500, 120_000)]
    public int CameraStartTimeoutMs { get; set; } = 10000;
}
