namespace RtcGateway.WebRtc.Ice;

/// <summary>Why an <see cref="IceLiteAgent"/> reached <see cref="IceConnectionState.Closed"/>.</summary>
public enum IceCloseReason
{
    /// <summary>Not closed.</summary>
    None,

    /// <summary>
    /// Consent expired (RFC 7675 §5.1): no valid check from the selected remote for
    /// <see cref="IceLiteAgentOptions.ConsentTimeoutMs"/>.
    /// </summary>
    ConsentExpired,

    /// <summary>No pair was nominated within <see cref="IceLiteAgentOptions.ConnectTimeoutMs"/> of creation.</summary>
    ConnectTimeout,

    /// <summary><see cref="IceLiteAgent.Close"/> was called.</summary>
    Application,
}
