namespace RtcGateway.WebRtc.Sdp;

/// <summary>One <c>a=</c> line as written (RFC 8866 §5.13): property form <c>a=name</c> (<see cref="Value"/> null) or value
/// form <c>a=name:value</c>. Kept for every attribute, known or not.</summary>
/// <param name="Name">Attribute name (case preserved).</param>
/// <param name="Value">Text after the first ':' or null for a property attribute.</param>
public sealed record SdpAttribute(string Name, string? Value);
