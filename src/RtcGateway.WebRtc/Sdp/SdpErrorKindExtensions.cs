namespace RtcGateway.WebRtc.Sdp;

/// <summary>Maps <see cref="SdpErrorKind"/> to HTTP status codes for signalling endpoints (WHEP, RFC 9725 §4.2 answers
/// offers it cannot accept with a 4xx status).</summary>
public static class SdpErrorKindExtensions
{
    /// <summary>
    /// The HTTP status for an error kind: 200 for <see cref="SdpErrorKind.None"/>; 413 for <see cref="SdpErrorKind.TooLarge"/>;
    /// 400 for protocol violations (Malformed, NoBundle, NoFingerprint, UnsupportedFingerprintAlgorithm, NoIceCredentials,
    /// UnsupportedSetupRole, NoRtcpMux); 406 (Not Acceptable) for valid offers the gateway cannot serve (NoVideo,
    /// UnsupportedProtocol, IncompatibleDirection, NoH264, NoCompatibleH264Profile); 500 for InvalidAnswerParameters and any
    /// unknown value. Never throws.
    /// </summary>
    /// <param name="kind">The error kind.</param>
    /// <returns>An HTTP status code.</returns>
    public static int ToHttpStatusCode(this SdpErrorKind kind) => kind switch
    {
        SdpErrorKind.None => 200,
        SdpErrorKind.TooLarge => 413,
        SdpErrorKind.Malformed or SdpErrorKind.NoBundle or SdpErrorKind.NoFingerprint
            or SdpErrorKind.UnsupportedFingerprintAlgorithm or SdpErrorKind.NoIceCredentials
            or SdpErrorKind.UnsupportedSetupRole or SdpErrorKind.NoRtcpMux => 400,
        SdpErrorKind.NoVideo or SdpErrorKind.UnsupportedProtocol or SdpErrorKind.IncompatibleDirection
            or SdpErrorKind.NoH264 or SdpErrorKind.NoCompatibleH264Profile => 406,
        _ => 500,
    };
}
