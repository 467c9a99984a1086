namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// The result of a failed SDP parse or negotiation: a machine-readable <see cref="Kind"/> and a human text naming the problem
/// precisely (line number and offending value for parse errors; e.g. "offer has no H.264 payload type with
/// packetization-mode=1 (found VP8, VP9, AV1)"). The text quotes at most a short excerpt of remote input.
/// </summary>
/// <param name="Kind">The error kind; <see cref="SdpErrorKind.None"/> on success.</param>
/// <param name="Message">Human-readable description; empty on success.</param>
public readonly record struct SdpError(SdpErrorKind Kind, string Message)
{
    /// <summary>The "no error" value returned alongside successful results.</summary>
    public static SdpError None => new(SdpErrorKind.None, string.Empty);

    /// <summary>The HTTP status for <see cref="Kind"/>, see <see cref="SdpErrorKindExtensions.ToHttpStatusCode"/>.</summary>
    public int HttpStatusCode => Kind.ToHttpStatusCode();

    /// <summary>"Kind: Message".</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString() => $"{Kind}: {Message}";
}
