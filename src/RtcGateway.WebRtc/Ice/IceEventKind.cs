namespace RtcGateway.WebRtc.Ice;

/// <summary>Kinds of <see cref="IceEvent"/> raised by <see cref="IceLiteAgent"/>.</summary>
public enum IceEventKind
{
    /// <summary><see cref="IceLiteAgent.State"/> changed; <see cref="IceEvent.State"/> is the new state.</summary>
    StateChanged,

    /// <summary>First nomination (USE-CANDIDATE, RFC 8445 §7.3.1.5); <see cref="IceEvent.Remote"/> is the selected remote.</summary>
    Nominated,

    /// <summary>A later nomination switched the selected remote; <see cref="IceEvent.Remote"/> is the new one.</summary>
    SelectedChanged,

    /// <summary>Consent expired (RFC 7675 §5.1); the agent is now closed.</summary>
    ConsentExpired,

    /// <summary>Nothing was nominated within the connect timeout; the agent is now closed.</summary>
    ConnectTimedOut,
}
