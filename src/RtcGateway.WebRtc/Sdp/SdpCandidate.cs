namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// <c>a=candidate</c> (RFC 8839 §5.1): <c>&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt;
/// &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt; [raddr &lt;addr&gt;] [rport &lt;port&gt;] *(ext)</c>.
/// The address may be an mDNS host name ("…local"); it is kept as text.
/// </summary>
/// <param name="Foundation">Foundation, 1–32 ice-chars.</param>
/// <param name="Component">Component id (1 = RTP).</param>
/// <param name="Transport">"udp"/"tcp" as written.</param>
/// <param name="Priority">Priority (0 – 2^32−1).</param>
/// <param name="Address">Connection address (IP literal or host name).</param>
/// <param name="Port">Port 0–65535.</param>
/// <param name="Type">Candidate type ("host", "srflx", "prflx", "relay").</param>
/// <param name="RelatedAddress">raddr, or null.</param>
/// <param name="RelatedPort">rport, or null.</param>
public sealed record SdpCandidate(string Foundation, int Component, string Transport, uint Priority, string Address, int Port,
    string Type, string? RelatedAddress, int? RelatedPort);
