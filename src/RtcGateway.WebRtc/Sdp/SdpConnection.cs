namespace RtcGateway.WebRtc.Sdp;

/// <summary>The <c>c=</c> line (RFC 8866 §5.7): <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>.</summary>
/// <param name="NetType">"IN".</param>
/// <param name="AddrType">"IP4" or "IP6".</param>
/// <param name="Address">Connection address; browsers send 0.0.0.0 before candidates are known.</param>
public sealed record SdpConnection(string NetType, string AddrType, string Address);
