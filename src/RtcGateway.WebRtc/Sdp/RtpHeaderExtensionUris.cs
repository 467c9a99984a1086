namespace RtcGateway.WebRtc.Sdp;

/// <summary>URIs of the RTP header extensions (RFC 8285 §5 <c>a=extmap</c>) the gateway negotiates.</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>RTP stream mid (RFC 9143 §15 / RFC 8843 §15.1): <c>urn:ietf:params:rtp-hdrext:sdes:mid</c>.</summary>
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>libwebrtc playout-delay (min/max delay, two 12-bit fields in 10 ms units).</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>libwebrtc absolute capture time (64-bit NTP capture timestamp [+ clock offset]).</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>Transport-wide sequence number for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>libwebrtc absolute send time (24-bit 6.18 fixed-point seconds).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
}
