using Microsoft.Extensions.Logging;

namespace RtcGateway.WebRtc.Sctp;

/// <summary>Source-generated log messages of the SCTP association.</summary>
internal static partial class SctpLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "SCTP association established (local tag {LocalTag:x8}, peer tag {PeerTag:x8}, streams out {OutboundStreams} in {InboundStreams})")]
    public static partial void Established(ILogger logger, uint localTag, uint peerTag, int outboundStreams, int inboundStreams);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "SCTP association closed ({Reason})")]
    public static partial void Closed(ILogger logger, SctpCloseReason reason);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "SCTP packet dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string reason);
}
