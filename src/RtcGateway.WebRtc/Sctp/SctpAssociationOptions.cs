namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// Configuration of an <see cref="SctpAssociation"/>. Defaults suit SCTP over DTLS to a browser (RFC 8261, RFC 8831):
/// port 5000, MTU 1,160 bytes (fits DTLS 1.2 AES-GCM application data in a 1,200-byte UDP payload), a_rwnd 1 MiB,
/// max message 256 KiB. Protocol parameters are RFC 9260 §16 values unless stated.
/// </summary>
public sealed record SctpAssociationOptions
{
    /// <summary>Our SCTP port (RFC 8841 <c>a=sctp-port</c>, default 5000).</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>The peer's SCTP port (default 5000).</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>Largest SCTP packet we send, bytes (≥ 256). Set from the DTLS session's MaxApplicationDataSize.</summary>
    public int Mtu { get; init; } = 1160;

    /// <summary>Receive buffer advertised as a_rwnd and bounding buffered inbound bytes (≥ 1,500 or Chrome stalls; default 1 MiB).</summary>
    public int ReceiveBufferBytes { get; init; } = 1024 * 1024;

    /// <summary>Bound on bytes queued for sending and not yet acknowledged (default 8 MiB).</summary>
    public int MaxSendBufferBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest message accepted for sending and reassembled on receipt, bytes (default 262,144).</summary>
    public int MaxMessageSize { get; init; } = 262_144;

    /// <summary>Streams we announce in INIT/INIT ACK, both directions (default 65,535 like Chrome's dcSCTP).</summary>
    public ushort Streams { get; init; } = 65535;

    /// <summary>RTO.Initial, ms (RFC 9260 §16: 1,000; 100–200 is reasonable on a LAN for low latency).</summary>
    public long RtoInitialMs { get; init; } = 1000;

    /// <summary>RTO.Min, ms (RFC 9260: 1,000; WebRTC stacks use much less; default 50).</summary>
    public long RtoMinMs { get; init; } = 50;

    /// <summary>RTO.Max, ms (RFC 9260: 60,000; default 10,000 so a lost peer is noticed sooner).</summary>
    public long RtoMaxMs { get; init; } = 10_000;

    /// <summary>Association.Max.Retrans (RFC 9260 §16: 10): consecutive timeouts before the association closes.</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>Max.Init.Retransmits (RFC 9260 §16: 8).</summary>
    public int MaxInitRetransmits { get; init; } = 8;

    /// <summary>HB.interval, ms (RFC 9260 §16: 30,000); 0 disables heartbeats.</summary>
    public long HeartbeatIntervalMs { get; init; } = 30_000;

    /// <summary>Delayed SACK timeout, ms (RFC 9260 §6.2: ≤ 500, SHOULD ≤ 200). A SACK also goes out every 2nd DATA packet.</summary>
    public long DelayedAckMs { get; init; } = 200;

    /// <summary>Valid.Cookie.Life, ms (RFC 9260 §16: 60,000).</summary>
    public long CookieLifetimeMs { get; init; } = 60_000;

    /// <summary>HMAC-SHA256 key for State Cookies (≥ 16 bytes); null = 32 random bytes per association.</summary>
    public byte[]? CookieSecret { get; init; }

    /// <summary>Validates ranges; throws <see cref="ArgumentOutOfRangeException"/> on a bad value.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, 256, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Mtu, 65_535, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferBytes, 1500, nameof(ReceiveBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendBufferBytes, Mtu, nameof(MaxSendBufferBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 1, nameof(MaxMessageSize));
        ArgumentOutOfRangeException.ThrowIfZero(Streams, nameof(Streams));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtoMinMs, 1, nameof(RtoMinMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtoInitialMs, RtoMinMs, nameof(RtoInitialMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtoMaxMs, RtoInitialMs, nameof(RtoMaxMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetransmissions, 1, nameof(MaxRetransmissions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInitRetransmits, 1, nameof(MaxInitRetransmits));
        ArgumentOutOfRangeException.ThrowIfNegative(HeartbeatIntervalMs, nameof(HeartbeatIntervalMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(DelayedAckMs, 0, nameof(DelayedAckMs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DelayedAckMs, 500, nameof(DelayedAckMs));
        if (CookieSecret is { Length: < 16 })
        {
            throw new ArgumentOutOfRangeException(nameof(CookieSecret), "Cookie secret must be at least 16 bytes.");
        }
    }
}
