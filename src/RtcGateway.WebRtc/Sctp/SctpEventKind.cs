namespace RtcGateway.WebRtc.Sctp;

/// <summary>Kinds of <see cref="SctpEvent"/>.</summary>
public enum SctpEventKind
{
    /// <summary>The association reached <see cref="SctpAssociationState.Established"/>.</summary>
    Established,

    /// <summary>A complete user message: <see cref="SctpEvent.StreamId"/>, <see cref="SctpEvent.Ppid"/>, <see cref="SctpEvent.Data"/>.</summary>
    MessageReceived,

    /// <summary>The peer reset its outgoing streams <see cref="SctpEvent.Streams"/> (our incoming; RFC 6525 §5.2.2): their SSNs restart at 0.</summary>
    IncomingStreamsReset,

    /// <summary>Our outgoing reset of <see cref="SctpEvent.Streams"/> was acknowledged (RFC 6525 §5.2.7); the ids may be reused.</summary>
    OutgoingStreamsReset,

    /// <summary>The peer denied our outgoing reset of <see cref="SctpEvent.Streams"/>.</summary>
    OutgoingStreamsResetFailed,

    /// <summary>Bytes queued on <see cref="SctpEvent.StreamId"/> fell to or below its low threshold.</summary>
    BufferedAmountLow,

    /// <summary>The association closed; see <see cref="SctpEvent.CloseReason"/>.</summary>
    Closed,
}
