namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt;
/// &lt;unicast-address&gt;</c>. Session id and version are kept as the digit strings sent (browsers use up to 19–20 digits).
/// </summary>
/// <param name="Username">User name, "-" from browsers (Firefox: "mozilla...THIS_IS_SDPARTA-…").</param>
/// <param name="SessionId">sess-id, decimal digits.</param>
/// <param name="SessionVersion">sess-version, decimal digits.</param>
/// <param name="NetType">"IN".</param>
/// <param name="AddrType">"IP4" or "IP6".</param>
/// <param name="UnicastAddress">Address or host name; browsers send a meaningless value such as 127.0.0.1 or 0.0.0.0.</param>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetType, string AddrType,
    string UnicastAddress);
