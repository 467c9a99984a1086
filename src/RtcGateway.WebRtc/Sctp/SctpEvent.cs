namespace RtcGateway.WebRtc.Sctp;

/// <summary>An event drained with <see cref="SctpAssociation.TryPollEvent"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="StreamId">Stream of a message or of <see cref="SctpEventKind.BufferedAmountLow"/>; otherwise 0.</param>
/// <param name="Ppid">Payload protocol identifier of a message (RFC 8831 §8 values for data channels); otherwise 0.</param>
/// <param name="Data">Message bytes (owned by the receiver of the event); otherwise empty.</param>
/// <param name="Streams">Stream ids of a reset event; otherwise null.</param>
/// <param name="CloseReason">Reason for <see cref="SctpEventKind.Closed"/>; otherwise <see cref="SctpCloseReason.None"/>.</param>
public readonly record struct SctpEvent(
    SctpEventKind Kind,
    ushort StreamId,
    uint Ppid,
    ReadOnlyMemory<byte> Data,
    ushort[]? Streams,
    SctpCloseReason CloseReason);
