namespace RtcGateway.WebRtc.Sdp;

/// <summary><c>a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576 §4.1), e.g. <c>a=ssrc:1234 cname:abc</c>.</summary>
/// <param name="Ssrc">The SSRC.</param>
/// <param name="Attribute">Source attribute name ("cname", "msid").</param>
/// <param name="Value">Value after ':', or null.</param>
public sealed record SdpSsrcAttribute(uint Ssrc, string Attribute, string? Value);
