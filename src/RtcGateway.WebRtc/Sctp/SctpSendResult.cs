namespace RtcGateway.WebRtc.Sctp;

/// <summary>Outcome of <see cref="SctpAssociation.Send"/>.</summary>
public enum SctpSendResult
{
    /// <summary>Queued; drain with <see cref="SctpAssociation.TryPollPacket"/>.</summary>
    Queued,

    /// <summary>The association is not established (or is shutting down).</summary>
    NotEstablished,

    /// <summary>Empty message (RFC 9260 forbids DATA without user data; data channels send PPID 56/57 with one byte instead).</summary>
    Empty,

    /// <summary>Larger than <see cref="SctpAssociationOptions.MaxMessageSize"/>.</summary>
    TooLarge,

    /// <summary>Queuing would exceed <see cref="SctpAssociationOptions.MaxSendBufferBytes"/>.</summary>
    BufferFull,

    /// <summary>The stream id is not below the negotiated outbound stream count.</summary>
    InvalidStream,

    /// <summary>An outgoing reset of the stream is pending or in progress.</summary>
    StreamResetting,
}
