namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// Why an SDP offer could not be parsed or answered. <see cref="SdpErrorKindExtensions.ToHttpStatusCode"/> maps each kind
/// to the HTTP status a signalling endpoint (WHEP, REST) returns: 400 for offers that break RFC 8866 / RFC 8829 / RFC 8842
/// rules, 406 for valid offers the gateway cannot serve (no usable H.264), 413 for oversize input, 500 for bad gateway
/// configuration.
/// </summary>
public enum SdpErrorKind
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The SDP text exceeds <see cref="SdpSession.MaxLength"/> characters or <see cref="SdpSession.MaxLines"/> lines (HTTP 413).</summary>
    TooLarge,

    /// <summary>The text is not RFC 8866 SDP, or a known attribute has a value that does not follow its grammar (HTTP 400).</summary>
    Malformed,

    /// <summary>The offer has no <c>a=group:BUNDLE</c> containing the video m-line's mid, or the video m-line has no <c>a=mid</c>
    /// (RFC 8843, RFC 8829 §5.2.1 max-bundle; HTTP 400).</summary>
    NoBundle,

    /// <summary>Neither the video m-line nor the session has <c>a=fingerprint</c> (RFC 8122 §5; HTTP 400).</summary>
    NoFingerprint,

    /// <summary>The offer's fingerprints use only hash functions other than sha-256, sha-384, sha-512, or the digest length does
    /// not match the hash function (RFC 8122 §5; HTTP 400).</summary>
    UnsupportedFingerprintAlgorithm,

    /// <summary><c>a=ice-ufrag</c> / <c>a=ice-pwd</c> missing, or outside RFC 8839 §5.4 (4–256 / 22–256 ice-chars; HTTP 400).</summary>
    NoIceCredentials,

    /// <summary>The offer says <c>a=setup:passive</c> or <c>holdconn</c>; the gateway is always the DTLS server and answers
    /// <c>passive</c>, so the offerer must be <c>actpass</c> or <c>active</c> (RFC 8842 §5.2; HTTP 400).</summary>
    UnsupportedSetupRole,

    /// <summary>The video m-line has no <c>a=rtcp-mux</c> (RFC 8829 §5.2.1 requires it; the gateway cannot demultiplex a
    /// separate RTCP port; HTTP 400).</summary>
    NoRtcpMux,

    /// <summary>The offer has no active <c>m=video</c> line (HTTP 406).</summary>
    NoVideo,

    /// <summary>The video m-line's proto is not <c>UDP/TLS/RTP/SAVPF</c> (RFC 8829 §5.1.2; HTTP 406).</summary>
    UnsupportedProtocol,

    /// <summary>The offer's video is <c>sendonly</c> or <c>inactive</c>: the offerer will not receive our send-only track
    /// (RFC 3264 §6.1; HTTP 406).</summary>
    IncompatibleDirection,

    /// <summary>The video m-line has no H.264 payload type with <c>packetization-mode=1</c> (RFC 6184 §8.1; HTTP 406).</summary>
    NoH264,

    /// <summary>H.264 with <c>packetization-mode=1</c> is offered, but no offered <c>profile-level-id</c> can decode the
    /// source's profile (RFC 6184 §8.2.2; HTTP 406).</summary>
    NoCompatibleH264Profile,

    /// <summary>The gateway's own <see cref="AnswerParameters"/> are invalid (bad ice-ufrag, no candidate, …; HTTP 500).</summary>
    InvalidAnswerParameters,
}
