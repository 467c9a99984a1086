namespace RtcGateway.WebRtc.Ice;

/// <summary>Timers and policy of an <see cref="IceLiteAgent"/>. All times are milliseconds of the caller's clock.</summary>
public sealed record IceLiteAgentOptions
{
    /// <summary>
    /// Consent lifetime (RFC 7675 §5.1): after nomination, the agent closes when no valid check arrives from the
    /// selected remote for this long. Default 15,000 ms (browsers check every ~2.5 s and give up after ~30 s).
    /// </summary>
    public long ConsentTimeoutMs { get; init; } = 15_000;

    /// <summary>The agent closes when no pair is nominated within this long of its creation. Default 30,000 ms.</summary>
    public long ConnectTimeoutMs { get; init; } = 30_000;

    /// <summary>
    /// After nomination, the state goes to <see cref="IceConnectionState.Disconnected"/> when no valid check arrives
    /// from the selected remote for this long (informational; it recovers on the next check). Default 5,000 ms.
    /// Values ≥ <see cref="ConsentTimeoutMs"/> disable the Disconnected state.
    /// </summary>
    public long DisconnectedAfterMs { get; init; } = 5_000;

    /// <summary>
    /// When true (default, RFC 8489 §9.1.3), unauthenticated requests get 400/401 error responses; when false they are
    /// dropped silently (the result still names the reason). Responses never carry MESSAGE-INTEGRITY in that case.
    /// </summary>
    public bool RespondToUnauthenticatedRequests { get; init; } = true;

    /// <summary>Default options.</summary>
    public static IceLiteAgentOptions Default { get; } = new();
}
