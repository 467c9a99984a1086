namespace RtcGateway.WebRtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1), from the writer's point of view; also the optional
/// direction of <c>a=extmap</c> (RFC 8285 §5).</summary>
public enum SdpDirection
{
    /// <summary><c>sendrecv</c> (the default when absent).</summary>
    SendRecv,

    /// <summary><c>sendonly</c>.</summary>
    SendOnly,

    /// <summary><c>recvonly</c>.</summary>
    RecvOnly,

    /// <summary><c>inactive</c>.</summary>
    Inactive,
}
