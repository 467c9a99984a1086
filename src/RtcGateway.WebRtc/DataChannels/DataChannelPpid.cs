namespace RtcGateway.WebRtc.DataChannels;

/// <summary>SCTP Payload Protocol Identifiers used by WebRTC data channels (RFC 8831 §8, IANA "SCTP Payload Protocol Identifiers").</summary>
public static class DataChannelPpid
{
    /// <summary>WebRTC DCEP (RFC 8832).</summary>
    public const uint Dcep = 50;

    /// <summary>WebRTC String (UTF-8).</summary>
    public const uint String = 51;

    /// <summary>WebRTC String Partial (deprecated; treated as <see cref="String"/>).</summary>
    public const uint StringPartial = 52;

    /// <summary>WebRTC Binary.</summary>
    public const uint Binary = 53;

    /// <summary>WebRTC Binary Partial (deprecated; treated as <see cref="Binary"/>).</summary>
    public const uint BinaryPartial = 54;

    /// <summary>WebRTC String Empty: payload is one ignored byte.</summary>
    public const uint StringEmpty = 56;

    /// <summary>WebRTC Binary Empty: payload is one ignored byte.</summary>
    public const uint BinaryEmpty = 57;
}
