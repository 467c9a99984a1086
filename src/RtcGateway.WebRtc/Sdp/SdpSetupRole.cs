namespace RtcGateway.WebRtc.Sdp;

/// <summary>The <c>a=setup</c> role (RFC 4145 §4, RFC 8842 §5.1): who starts the DTLS handshake.</summary>
public enum SdpSetupRole
{
    /// <summary><c>active</c>: the endpoint initiates (DTLS client).</summary>
    Active,

    /// <summary><c>passive</c>: the endpoint accepts (DTLS server).</summary>
    Passive,

    /// <summary><c>actpass</c>: either; an offerer must use this (RFC 8842 §5.2).</summary>
    ActPass,

    /// <summary><c>holdconn</c>: no connection yet.</summary>
    HoldConn,
}
