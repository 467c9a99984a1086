namespace RtcGateway.WebRtc.Sdp;

/// <summary><c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830 §2); stream id "-" means no stream.</summary>
/// <param name="StreamId">MediaStream id.</param>
/// <param name="TrackId">Track id (appdata), or null.</param>
public sealed record SdpMsid(string StreamId, string? TrackId);
