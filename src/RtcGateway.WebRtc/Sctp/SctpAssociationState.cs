namespace RtcGateway.WebRtc.Sctp;

/// <summary>Association states (RFC 9260 §4; "Closed" also covers aborted/timed-out associations).</summary>
public enum SctpAssociationState
{
    /// <summary>No association; waiting for an INIT (responder) or for <see cref="SctpAssociation.Connect"/>.</summary>
    Closed,

    /// <summary>INIT sent, waiting for INIT ACK (T1-init running).</summary>
    CookieWait,

    /// <summary>COOKIE ECHO sent, waiting for COOKIE ACK (T1-cookie running).</summary>
    CookieEchoed,

    /// <summary>Data may flow both ways.</summary>
    Established,

    /// <summary>Local shutdown requested; sending queued data before SHUTDOWN.</summary>
    ShutdownPending,

    /// <summary>SHUTDOWN sent, waiting for SHUTDOWN ACK (T2 running).</summary>
    ShutdownSent,

    /// <summary>Peer sent SHUTDOWN; sending our remaining data before SHUTDOWN ACK.</summary>
    ShutdownReceived,

    /// <summary>SHUTDOWN ACK sent, waiting for SHUTDOWN COMPLETE (T2 running).</summary>
    ShutdownAckSent,
}
