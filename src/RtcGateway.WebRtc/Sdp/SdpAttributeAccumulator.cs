using System.Globalization;

namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// Collects and parses the <c>a=</c> lines of one level (session or one media description). Returns an error text for a
/// known attribute whose value breaks its grammar; never throws.
/// </summary>
internal sealed class SdpAttributeAccumulator
{
    public readonly List<SdpAttribute> All = [];
    public readonly List<SdpGroup> Groups = [];
    public readonly List<string> IceOptions = [];
    public readonly List<SdpFingerprint> Fingerprints = [];
    public readonly List<SdpRtpMap> RtpMaps = [];
    public readonly List<SdpFmtp> Fmtps = [];
    public readonly List<SdpRtcpFeedback> RtcpFeedback = [];
    public readonly List<SdpExtMap> ExtMaps = [];
    public readonly List<SdpCandidate> Candidates = [];
    public readonly List<SdpMsid> Msids = [];
    public readonly List<SdpSsrcAttribute> Ssrcs = [];
    public string? Mid;
    public string? IceUfrag;
    public string? IcePwd;
    public SdpSetupRole? Setup;
    public SdpDirection? Direction;
    public bool IceLite;
    public bool RtcpMux;
    public bool RtcpRsize;
    public bool BundleOnly;
    public bool EndOfCandidates;
    public bool ExtmapAllowMixed;
    public int? SctpPort;
    public long? MaxMessageSize;

    /// <summary>Parses one attribute line body (text after "a="). Returns null on success or a description of the problem.</summary>
    public string? Add(string body)
    {
        var colon = body.IndexOf(':');
        var name = colon < 0 ? body : body[..colon];
        var value = colon < 0 ? null : body[(colon + 1)..];
        if (name.Length == 0)
        {
            return "attribute has no name";
        }

        All.Add(new SdpAttribute(name, value));
        switch (name)
        {
            case "sendrecv": Direction = SdpDirection.SendRecv; return null;
            case "sendonly": Direction = SdpDirection.SendOnly; return null;
            case "recvonly": Direction = SdpDirection.RecvOnly; return null;
            case "inactive": Direction = SdpDirection.Inactive; return null;
            case "ice-lite": IceLite = true; return null;
            case "rtcp-mux": RtcpMux = true; return null;
            case "rtcp-rsize": RtcpRsize = true; return null;
            case "bundle-only": BundleOnly = true; return null;
            case "end-of-candidates": EndOfCandidates = true; return null;
            case "extmap-allow-mixed": ExtmapAllowMixed = true; return null;
        }

        if (value is null)
        {
            return null; // unknown property attribute, or a known value attribute written without value: ignored
        }

        switch (name)
        {
            case "mid":
                return IsToken(value) ? Set(ref Mid, value) : "a=mid value is not a token";
            case "ice-ufrag":
                return value.Length > 0 && !value.Contains(' ') ? Set(ref IceUfrag, value) : "a=ice-ufrag value is empty or has spaces";
            case "ice-pwd":
                return value.Length > 0 && !value.Contains(' ') ? Set(ref IcePwd, value) : "a=ice-pwd value is empty or has spaces";
            case "ice-options":
                IceOptions.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                return null;
            case "fingerprint":
                if (!SdpFingerprint.TryParse(value, out var fingerprint))
                {
                    return "a=fingerprint value is not '<hash-func> <XX:XX:…>'";
                }

                Fingerprints.Add(fingerprint!);
                return null;
            case "setup":
                Setup = value.Trim().ToLowerInvariant() switch
                {
                    "active" => SdpSetupRole.Active,
                    "passive" => SdpSetupRole.Passive,
                    "actpass" => SdpSetupRole.ActPass,
                    "holdconn" => SdpSetupRole.HoldConn,
                    _ => null,
                };
                return Setup is null ? "a=setup value is not active, passive, actpass or holdconn" : null;
            case "group":
                return AddGroup(value);
            case "rtpmap":
                return AddRtpMap(value);
            case "fmtp":
                return AddFmtp(value);
            case "rtcp-fb":
                return AddRtcpFeedback(value);
            case "extmap":
                return AddExtMap(value);
            case "candidate":
                return AddCandidate(value);
            case "msid":
                return AddMsid(value);
            case "ssrc":
                return AddSsrc(value);
            case "sctp-port":
                if (!TryParseInt(value, 0, 65535, out var sctpPort))
                {
                    return "a=sctp-port value is not a port 0-65535";
                }

                SctpPort = sctpPort;
                return null;
            case "max-message-size":
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mms))
                {
                    return "a=max-message-size value is not a non-negative integer";
                }

                MaxMessageSize = mms;
                return null;
            default:
                return null;
        }
    }

    private static string? Set(ref string? field, string value)
    {
        field = value;
        return null;
    }

    private string? AddGroup(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "a=group has no semantics";
        }

        Groups.Add(new SdpGroup(parts[0], parts[1..]));
        return null;
    }

    // RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
    private string? AddRtpMap(string value)
    {
        var space = value.IndexOf(' ');
        if (space <= 0 || !TryParseInt(value[..space], 0, 127, out var pt))
        {
            return "a=rtpmap value does not start with a payload type 0-127";
        }

        var parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !TryParseInt(parts[1], 1, int.MaxValue, out var clock))
        {
            return "a=rtpmap value is not '<payload type> <encoding name>/<clock rate>[/<parameters>]'";
        }

        RtpMaps.Add(new SdpRtpMap(pt, parts[0], clock, parts.Length == 3 ? parts[2] : null));
        return null;
    }

    // RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
    private string? AddFmtp(string value)
    {
        var space = value.IndexOf(' ');
        if (space <= 0)
        {
            return "a=fmtp value is not '<format> <parameters>'";
        }

        var text = value[(space + 1)..].Trim();
        Fmtps.Add(new SdpFmtp(value[..space], text, SdpFmtp.ParseParameters(text)));
        return null;
    }

    // RFC 4585 §4.2: a=rtcp-fb:<payload type | *> <type> [<parameter>]
    private string? AddRtcpFeedback(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "a=rtcp-fb value is not '<payload type> <type> [<parameter>]'";
        }

        int? pt = null;
        if (parts[0] != "*")
        {
            if (!TryParseInt(parts[0], 0, 127, out var p))
            {
                return "a=rtcp-fb payload type is not '*' or 0-127";
            }

            pt = p;
        }

        RtcpFeedback.Add(new SdpRtcpFeedback(pt, parts[1], parts.Length > 2 ? string.Join(' ', parts[2..]) : null));
        return null;
    }

    // RFC 8285 §5: a=extmap:<value>["/"<direction>] <URI> <extensionattributes>
    private string? AddExtMap(string value)
    {
        var parts = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "a=extmap value is not '<id>[/<direction>] <URI>'";
        }

        var idText = parts[0];
        SdpDirection? direction = null;
        var slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            direction = ParseDirection(idText[(slash + 1)..]);
            if (direction is null)
            {
                return "a=extmap direction is not sendrecv, sendonly, recvonly or inactive";
            }

            idText = idText[..slash];
        }

        if (!TryParseInt(idText, 1, 4351, out var id))
        {
            return "a=extmap id is not 1-4351";
        }

        ExtMaps.Add(new SdpExtMap(id, direction, parts[1], parts.Length > 2 ? parts[2] : null));
        return null;
    }

    // RFC 8839 §5.1: candidate-attribute
    private string? AddCandidate(string value)
    {
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 8 || p[6] != "typ"
            || !TryParseInt(p[1], 1, 256, out var component)
            || !uint.TryParse(p[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            || !TryParseInt(p[5], 0, 65535, out var port)
            || p[0].Length > 32)
        {
            return "a=candidate value is not '<foundation> <component> <transport> <priority> <address> <port> typ <type> …'";
        }

        string? raddr = null;
        int? rport = null;
        for (var i = 8; i + 1 < p.Length; i += 2)
        {
            if (p[i] == "raddr")
            {
                raddr = p[i + 1];
            }
            else if (p[i] == "rport")
            {
                if (!TryParseInt(p[i + 1], 0, 65535, out var rp))
                {
                    return "a=candidate rport is not a port 0-65535";
                }

                rport = rp;
            }
        }

        Candidates.Add(new SdpCandidate(p[0], component, p[2], priority, p[4], port, p[7], raddr, rport));
        return null;
    }

    // RFC 8830 §2: a=msid:<msid-id> [<msid-appdata>]
    private string? AddMsid(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2)
        {
            return "a=msid value is not '<stream id> [<track id>]'";
        }

        Msids.Add(new SdpMsid(parts[0], parts.Length > 1 ? parts[1] : null));
        return null;
    }

    // RFC 5576 §4.1: a=ssrc:<ssrc-id> <attribute>[:<value>]
    private string? AddSsrc(string value)
    {
        var space = value.IndexOf(' ');
        if (space <= 0 || !uint.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var ssrc))
        {
            return "a=ssrc value does not start with an SSRC 0-4294967295";
        }

        var rest = value[(space + 1)..];
        var colon = rest.IndexOf(':');
        var attribute = colon < 0 ? rest : rest[..colon];
        if (attribute.Length == 0)
        {
            return "a=ssrc has no source attribute";
        }

        Ssrcs.Add(new SdpSsrcAttribute(ssrc, attribute, colon < 0 ? null : rest[(colon + 1)..]));
        return null;
    }

    internal static SdpDirection? ParseDirection(string text) => text switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    internal static bool TryParseInt(string text, int min, int max, out int value)
    {
        if (text.Length is 0 or > 10 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            || v < min || v > max)
        {
            value = 0;
            return false;
        }

        value = (int)v;
        return true;
    }

    // RFC 8866 §9 token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
    internal static bool IsToken(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            var ok = c == 0x21 || c is >= (char)0x23 and <= (char)0x27 || c is >= (char)0x2A and <= (char)0x2B
                || c is >= (char)0x2D and <= (char)0x2E || c is >= '0' and <= '9' || c is >= 'A' and <= 'Z'
                || c is >= (char)0x5E and <= (char)0x7E;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
