namespace RtcGateway.Media.Gst;

/// <summary>
/// A managed copy of one GstMessage popped from a pipeline bus (gstmessage.h): its type, the name of the posting
/// object, and the parsed payload for ERROR/WARNING (GError + debug string) and STATE_CHANGED (old/new state).
/// </summary>
internal sealed record GstBusMessage(
    GstMessageType Type,
    string SourceName,
    GstErrorInfo? Error,
    string? Debug,
    GstState OldState,
    GstState NewState);
