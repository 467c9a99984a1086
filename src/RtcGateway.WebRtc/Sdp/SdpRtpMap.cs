namespace RtcGateway.WebRtc.Sdp;

/// <summary><c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]</c>
/// (RFC 8866 §6.6), e.g. <c>a=rtpmap:102 H264/90000</c>.</summary>
/// <param name="PayloadType">RTP payload type 0–127.</param>
/// <param name="EncodingName">Encoding name as written ("H264", "VP8", "rtx", "opus").</param>
/// <param name="ClockRate">RTP clock rate in Hz (90000 for video).</param>
/// <param name="EncodingParameters">Channels for audio ("2"), or null.</param>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, string? EncodingParameters);
