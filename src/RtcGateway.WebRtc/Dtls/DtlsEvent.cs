namespace RtcGateway.WebRtc.Dtls;

/// <summary>Kind of a <see cref="DtlsEvent"/>.</summary>
public enum DtlsEventKind
{
    /// <summary>The session reached <see cref="DtlsState.Connected"/>; keying material and profile are readable.</summary>
    Connected = 1,

    /// <summary>The session reached <see cref="DtlsState.Failed"/>; <see cref="DtlsEvent.Reason"/> says why.</summary>
    Failed = 2,

    /// <summary>The session reached <see cref="DtlsState.Closed"/> (close_notify or owner close).</summary>
    Closed = 3,
}

/// <summary>
/// A state change of a <see cref="DtlsServerSession"/>, queued by the engine thread and drained by the owner's loop
/// through <see cref="DtlsServerSession.TryPollEvent"/>. Each kind is reported at most once per session.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">Failure or close reason (human readable); null for <see cref="DtlsEventKind.Connected"/>.</param>
public readonly record struct DtlsEvent(DtlsEventKind Kind, string? Reason);
