namespace RtcGateway.WebRtc.Sdp;

/// <summary><c>a=group:&lt;semantics&gt; *(SP &lt;mid&gt;)</c> (RFC 5888 §5), e.g. <c>a=group:BUNDLE 0 1</c> (RFC 8843 §7.1).</summary>
/// <param name="Semantics">Semantics token, e.g. "BUNDLE", "LS".</param>
/// <param name="Mids">Identification tags in order.</param>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids);
