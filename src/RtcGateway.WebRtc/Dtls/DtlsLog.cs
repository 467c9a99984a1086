using Microsoft.Extensions.Logging;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>Source-generated log messages of the DTLS session.</summary>
internal static partial class DtlsLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "DTLS {SessionId}: handshake engine started")]
    public static partial void EngineStarted(ILogger logger, int sessionId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "DTLS {SessionId}: connected, SRTP profile 0x{Profile:X4}")]
    public static partial void Connected(ILogger logger, int sessionId, ushort profile);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "DTLS {SessionId}: failed: {Reason}")]
    public static partial void Failed(ILogger logger, int sessionId, string reason, Exception? exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "DTLS {SessionId}: closed: {Reason}")]
    public static partial void Closed(ILogger logger, int sessionId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug,
        Message = "DTLS {SessionId}: alert {Direction} level {Level} description {Description}")]
    public static partial void Alert(ILogger logger, int sessionId, string direction, short level, string description);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "DTLS {SessionId}: dropped malformed datagram: {Error}")]
    public static partial void MalformedDatagram(ILogger logger, int sessionId, DtlsRecordError error);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug,
        Message = "DTLS {SessionId}: discarded {Count} record(s) that did not authenticate (forged, corrupted, replayed or stale epoch)")]
    public static partial void RecordsDiscarded(ILogger logger, int sessionId, long count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "DTLS {SessionId}: OutputAvailable callback threw")]
    public static partial void CallbackFailed(ILogger logger, int sessionId, Exception exception);
}
