namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866 §5) as browsers write offers (RFC 8829 §5.2): the session-level lines and the
/// media descriptions in order. Session-level attributes that may also appear per m-line (ice-ufrag, ice-pwd, fingerprint,
/// setup) are exposed here; RFC 8839 / RFC 8122 say a media-level value overrides the session-level one.
/// Parse with <see cref="TryParse"/>, which never throws.
/// </summary>
public sealed class SdpSession
{
    /// <summary>Largest accepted SDP text, in characters (64 KiB; Chrome's offers are about 6 KiB per video m-line).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Largest accepted number of lines.</summary>
    public const int MaxLines = 2048;

    /// <summary>Protocol version from <c>v=</c> (always 0).</summary>
    public int Version { get; init; }

    /// <summary>The <c>o=</c> line.</summary>
    public required SdpOrigin Origin { get; init; }

    /// <summary>The <c>s=</c> text ("-" from browsers); empty when absent.</summary>
    public string SessionName { get; init; } = string.Empty;

    /// <summary>The session-level <c>c=</c> line, or null.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary><c>a=group</c> lines (RFC 5888), in order.</summary>
    public IReadOnlyList<SdpGroup> Groups { get; init; } = [];

    /// <summary><c>a=ice-lite</c> present (RFC 8839 §5.3).</summary>
    public bool IceLite { get; init; }

    /// <summary>Session-level <c>a=ice-ufrag</c>, or null.</summary>
    public string? IceUfrag { get; init; }

    /// <summary>Session-level <c>a=ice-pwd</c>, or null.</summary>
    public string? IcePwd { get; init; }

    /// <summary>Session-level <c>a=ice-options</c> tokens.</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = [];

    /// <summary>Session-level <c>a=fingerprint</c> lines.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints { get; init; } = [];

    /// <summary>Session-level <c>a=setup</c>, or null.</summary>
    public SdpSetupRole? Setup { get; init; }

    /// <summary>Session-level direction attribute, or null.</summary>
    public SdpDirection? Direction { get; init; }

    /// <summary>Session-level <c>a=extmap</c> lines (RFC 8285 §5 allows them; browsers write them per m-line).</summary>
    public IReadOnlyList<SdpExtMap> ExtMaps { get; init; } = [];

    /// <summary><c>a=extmap-allow-mixed</c> present at session level (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed { get; init; }

    /// <summary>Every session-level <c>a=</c> line, in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    /// <summary>The media descriptions in order.</summary>
    public IReadOnlyList<SdpMediaDescription> Media { get; init; } = [];

    /// <summary>The first <c>a=group:BUNDLE</c> group containing <paramref name="mid"/>, or null.</summary>
    /// <param name="mid">An identification tag.</param>
    /// <returns>The group, or null.</returns>
    public SdpGroup? FindBundleGroup(string mid)
    {
        foreach (var group in Groups)
        {
            if (string.Equals(group.Semantics, "BUNDLE", StringComparison.OrdinalIgnoreCase) && group.Mids.Contains(mid))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>
    /// Parses SDP text. Tolerates CRLF or LF line ends, empty lines, trailing spaces/tabs, and unknown line types and
    /// attributes (kept in <see cref="Attributes"/>). Never throws.
    /// </summary>
    /// <param name="text">The SDP text (a null reference is reported as Malformed).</param>
    /// <param name="session">The parsed session, or null on failure.</param>
    /// <param name="error"><see cref="SdpError.None"/> on success; otherwise <see cref="SdpErrorKind.TooLarge"/> (over
    /// <see cref="MaxLength"/> characters or <see cref="MaxLines"/> lines) or <see cref="SdpErrorKind.Malformed"/> (no
    /// <c>v=0</c> first, missing/invalid <c>o=</c>, a line not "&lt;letter&gt;=…", an invalid <c>m=</c> or <c>c=</c> line, or
    /// a known attribute whose value breaks its grammar), with the line number in the text.</param>
    /// <returns>True on success.</returns>
    public static bool TryParse(string? text, out SdpSession? session, out SdpError error)
        => SdpParser.TryParse(text, out session, out error);
}
