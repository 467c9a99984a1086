namespace RtcGateway.WebRtc.Sctp;

/// <summary>
/// Per-message delivery options. <see cref="MaxRetransmits"/> and <see cref="MaxLifetimeMs"/> enable partial reliability
/// (RFC 3758 §3.5 via FORWARD TSN; RFC 8831 §6.6); set at most one of them.
/// </summary>
/// <param name="Unordered">Send with the U bit (RFC 9260 §6.6): delivered on arrival, not in stream order.</param>
/// <param name="MaxRetransmits">Abandon after this many retransmissions of any fragment (0 = send once); null = reliable.</param>
/// <param name="MaxLifetimeMs">Abandon when not acknowledged this many ms after <see cref="SctpAssociation.Send"/>; null = no limit.</param>
public readonly record struct SctpSendOptions(bool Unordered = false, int? MaxRetransmits = null, long? MaxLifetimeMs = null)
{
    /// <summary>Reliable and ordered (the default).</summary>
    public static SctpSendOptions ReliableOrdered => default;
}
