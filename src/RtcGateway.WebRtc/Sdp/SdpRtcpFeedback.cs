namespace RtcGateway.WebRtc.Sdp;

/// <summary><c>a=rtcp-fb:&lt;payload type | *&gt; &lt;type&gt; [&lt;parameter&gt;]</c> (RFC 4585 §4.2), e.g.
/// <c>a=rtcp-fb:102 nack pli</c>, <c>a=rtcp-fb:102 transport-cc</c>.</summary>
/// <param name="PayloadType">The payload type, or null for the wildcard "*".</param>
/// <param name="Type">Feedback type ("nack", "ccm", "transport-cc", "goog-remb").</param>
/// <param name="Parameter">Parameter ("pli", "fir"), or null.</param>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Parameter);
