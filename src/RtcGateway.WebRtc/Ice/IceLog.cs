using System.Net;
using Microsoft.Extensions.Logging;

namespace RtcGateway.WebRtc.Ice;

/// <summary>Source-generated log messages of the ICE-lite agent.</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "ICE {LocalUfrag}: nominated {Remote}")]
    public static partial void Nominated(ILogger logger, string localUfrag, IPEndPoint remote);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "ICE {LocalUfrag}: selected remote switched from {Previous} to {Remote}")]
    public static partial void SelectedChanged(ILogger logger, string localUfrag, IPEndPoint? previous, IPEndPoint remote);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "ICE {LocalUfrag}: state {State}")]
    public static partial void StateChanged(ILogger logger, string localUfrag, IceConnectionState state);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "ICE {LocalUfrag}: closed ({Reason})")]
    public static partial void Closed(ILogger logger, string localUfrag, IceCloseReason reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "ICE {LocalUfrag}: rejected Binding request from {Remote}: {Result}")]
    public static partial void Rejected(ILogger logger, string localUfrag, IPEndPoint remote, IceResult result);
}
