namespace RtcGateway.WebRtc.Ice;

/// <summary>
/// Connection state of an <see cref="IceLiteAgent"/> (RFC 8445 §6.1.3 simplified for a lite agent,
/// with consent freshness from RFC 7675).
/// </summary>
public enum IceConnectionState
{
    /// <summary>No valid connectivity check received yet.</summary>
    New,

    /// <summary>At least one authenticated Binding request answered, no pair nominated yet (RFC 8445 §7.3.1).</summary>
    Checking,

    /// <summary>A pair was nominated with USE-CANDIDATE (RFC 8445 §7.3.1.5) and consent is fresh.</summary>
    Connected,

    /// <summary>Nominated, but no valid check from the selected remote for <see cref="IceLiteAgentOptions.DisconnectedAfterMs"/>; recovers on the next one.</summary>
    Disconnected,

    /// <summary>Terminal: see <see cref="IceLiteAgent.CloseReason"/>. No further requests are answered.</summary>
    Closed,
}
