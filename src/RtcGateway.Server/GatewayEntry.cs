namespace RtcGateway.Server;

/// <summary>Marker type for the server assembly.</summary>
public static class GatewayEntry
{
}
