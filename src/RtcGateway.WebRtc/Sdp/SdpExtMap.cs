namespace RtcGateway.WebRtc.Sdp;

/// <summary><c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;URI&gt; [&lt;extension attributes&gt;]</c> (RFC 8285 §5), e.g.
/// <c>a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay</c> (Firefox).</summary>
/// <param name="Id">Local identifier 1–14 (one-byte form), 1–255 (two-byte form) or 4096–4351 (answer-only range).</param>
/// <param name="Direction">Direction from the writer's point of view, or null when absent (then the m-line's direction applies).</param>
/// <param name="Uri">Extension URI.</param>
/// <param name="Attributes">Extension attributes after the URI, or null.</param>
public sealed record SdpExtMap(int Id, SdpDirection? Direction, string Uri, string? Attributes);
