namespace RtcGateway.WebRtc.Sctp;

/// <summary>Why an association reached <see cref="SctpAssociationState.Closed"/>.</summary>
public enum SctpCloseReason
{
    /// <summary>Not closed.</summary>
    None,

    /// <summary>Graceful SHUTDOWN sequence completed (RFC 9260 §9.2).</summary>
    Shutdown,

    /// <summary>We sent ABORT (<see cref="SctpAssociation.Abort"/>).</summary>
    LocalAbort,

    /// <summary>The peer sent ABORT (RFC 9260 §9.1).</summary>
    RemoteAbort,

    /// <summary>Too many consecutive retransmission or heartbeat timeouts (Association.Max.Retrans, RFC 9260 §8.1) or
    /// INIT/COOKIE ECHO retries exhausted (Max.Init.Retransmits).</summary>
    Timeout,
}
