namespace RtcGateway.WebRtc.Rtp;

/// <summary>The <c>a=extmap</c> URIs (RFC 8285 §5) of the header extensions the gateway sends.</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>RFC 8843 §15 media identification (mid): <c>urn:ietf:params:rtp-hdrext:sdes:mid</c>.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>libwebrtc playout delay (3 bytes).</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>libwebrtc absolute capture time (8-byte NTP form, optionally +8-byte clock offset).</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>Transport-wide congestion control sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2; 2 bytes).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Absolute send time (6.18 fixed-point seconds, 3 bytes).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
}
