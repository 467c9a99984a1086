namespace RtcGateway.WebRtc;

/// <summary>Marker type for the Sans-IO WebRTC stack assembly.</summary>
public static class WebRtcAssembly
{
}
