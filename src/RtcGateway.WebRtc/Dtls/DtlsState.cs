namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Life cycle of a <see cref="DtlsServerSession"/> (RFC 6347 §4.2 handshake, RFC 5764 DTLS-SRTP).
/// Transitions: <see cref="New"/> → <see cref="Handshaking"/> → <see cref="Connected"/> → <see cref="Closed"/>;
/// <see cref="Handshaking"/> or <see cref="Connected"/> → <see cref="Failed"/>; any state → <see cref="Closed"/> on
/// <see cref="DtlsServerSession.Close"/>/<see cref="DtlsServerSession.Dispose"/>.
/// </summary>
public enum DtlsState
{
    /// <summary>Created; no datagram seen yet and the handshake engine thread has not started.</summary>
    New = 0,

    /// <summary>The handshake engine thread runs and waits for / processes the client's flights.</summary>
    Handshaking = 1,

    /// <summary>
    /// Handshake complete, the client certificate matched the expected fingerprint, SRTP keying material exported
    /// (<see cref="DtlsServerSession.SelectedSrtpProfile"/>, <see cref="DtlsServerSession.KeyingMaterial"/>);
    /// application data may flow.
    /// </summary>
    Connected = 2,

    /// <summary>Handshake or connection failed (fatal alert sent or received, timeout, fingerprint mismatch);
    /// see <see cref="DtlsServerSession.FailureReason"/>. Terminal.</summary>
    Failed = 3,

    /// <summary>Closed by close_notify (RFC 5246 §7.2.1) from either side or by the owner. Terminal.</summary>
    Closed = 4,
}
