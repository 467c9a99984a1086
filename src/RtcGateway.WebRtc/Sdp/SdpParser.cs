namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// RFC 8866 §5 line parser: <c>&lt;type&gt;=&lt;value&gt;</c> lines; session-level lines until the first <c>m=</c>, then one
/// media description per <c>m=</c>. Never throws on input.
/// </summary>
internal static class SdpParser
{
    public static bool TryParse(string? text, out SdpSession? session, out SdpError error)
    {
        session = null;
        if (text is null)
        {
            error = new SdpError(SdpErrorKind.Malformed, "SDP is missing");
            return false;
        }

        if (text.Length > SdpSession.MaxLength)
        {
            error = new SdpError(SdpErrorKind.TooLarge, $"SDP is {text.Length} characters; the limit is {SdpSession.MaxLength}");
            return false;
        }

        var lines = text.Split('\n');
        if (lines.Length > SdpSession.MaxLines)
        {
            error = new SdpError(SdpErrorKind.TooLarge, $"SDP has {lines.Length} lines; the limit is {SdpSession.MaxLines}");
            return false;
        }

        var sessionAttributes = new SdpAttributeAccumulator();
        var media = new List<SdpMediaDescription>();
        SdpOrigin? origin = null;
        SdpConnection? sessionConnection = null;
        var sessionName = string.Empty;
        var sawVersion = false;

        PendingMedia? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r', ' ', '\t');
            var lineNumber = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
            {
                error = Malformed(lineNumber, "is not '<letter>=<value>'", line);
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || value != "0")
                {
                    error = Malformed(lineNumber, "must be the first line and read 'v=0'", line);
                    return false;
                }

                sawVersion = true;
                continue;
            }

            string? problem = null;
            switch (type)
            {
                case 'v':
                    problem = "repeats v=";
                    break;
                case 'o':
                    if (current is not null || origin is not null || !TryParseOrigin(value, out origin))
                    {
                        problem = "is not a single session-level 'o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>'";
                    }

                    break;
                case 's':
                    if (current is null)
                    {
                        sessionName = value;
                    }

                    break;
                case 'c':
                    if (!TryParseConnection(value, out var connection))
                    {
                        problem = "is not 'c=<nettype> <addrtype> <connection-address>'";
                    }
                    else if (current is null)
                    {
                        sessionConnection = connection;
                    }
                    else
                    {
                        current.Connection = connection;
                    }

                    break;
                case 'm':
                    if (current is not null)
                    {
                        media.Add(current.Build());
                    }

                    current = TryParseMediaLine(value);
                    if (current is null)
                    {
                        problem = "is not 'm=<media> <port>[/<count>] <proto> <fmt> …'";
                    }

                    break;
                case 'a':
                    var attributeProblem = (current?.Attributes ?? sessionAttributes).Add(value);
                    if (attributeProblem is not null)
                    {
                        problem = attributeProblem;
                    }

                    break;
                default:
                    break; // i=, u=, e=, p=, b=, t=, r=, z=, k= and unknown types: ignored (RFC 8866 §5)
            }

            if (problem is not null)
            {
                error = Malformed(lineNumber, problem, line);
                return false;
            }
        }

        if (!sawVersion)
        {
            error = new SdpError(SdpErrorKind.Malformed, "SDP is empty (no 'v=0' line)");
            return false;
        }

        if (origin is null)
        {
            error = new SdpError(SdpErrorKind.Malformed, "SDP has no 'o=' line");
            return false;
        }

        if (current is not null)
        {
            media.Add(current.Build());
        }

        var s = sessionAttributes;
        session = new SdpSession
        {
            Version = 0,
            Origin = origin,
            SessionName = sessionName,
            Connection = sessionConnection,
            Groups = s.Groups,
            IceLite = s.IceLite,
            IceUfrag = s.IceUfrag,
            IcePwd = s.IcePwd,
            IceOptions = s.IceOptions,
            Fingerprints = s.Fingerprints,
            Setup = s.Setup,
            Direction = s.Direction,
            ExtMaps = s.ExtMaps,
            ExtmapAllowMixed = s.ExtmapAllowMixed,
            Attributes = s.All,
            Media = media,
        };
        error = SdpError.None;
        return true;
    }

    private static SdpError Malformed(int lineNumber, string problem, string line)
    {
        var excerpt = line.Length > 80 ? line[..80] + "…" : line;
        return new SdpError(SdpErrorKind.Malformed, $"line {lineNumber} '{excerpt}': {problem}");
    }

    // RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
    private static bool TryParseOrigin(string value, out SdpOrigin? origin)
    {
        origin = null;
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 6 || !IsDigits(p[1]) || !IsDigits(p[2]))
        {
            return false;
        }

        origin = new SdpOrigin(p[0], p[1], p[2], p[3], p[4], p[5]);
        return true;
    }

    // RFC 8866 §5.7: c=<nettype> <addrtype> <connection-address>
    private static bool TryParseConnection(string value, out SdpConnection? connection)
    {
        connection = null;
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length != 3)
        {
            return false;
        }

        connection = new SdpConnection(p[0], p[1], p[2]);
        return true;
    }

    // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    private static PendingMedia? TryParseMediaLine(string value)
    {
        var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (p.Length < 4 || !SdpAttributeAccumulator.IsToken(p[0]))
        {
            return null;
        }

        var portText = p[1];
        int? count = null;
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpAttributeAccumulator.TryParseInt(portText[(slash + 1)..], 1, 65535, out var c))
            {
                return null;
            }

            count = c;
            portText = portText[..slash];
        }

        if (!SdpAttributeAccumulator.TryParseInt(portText, 0, 65535, out var port))
        {
            return null;
        }

        return new PendingMedia(p[0], port, count, p[2], p[3..]);
    }

    private static bool IsDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private sealed class PendingMedia(string media, int port, int? portCount, string protocol, string[] formats)
    {
        public SdpConnection? Connection { get; set; }

        public SdpAttributeAccumulator Attributes { get; } = new();

        public SdpMediaDescription Build()
        {
            var a = Attributes;
            return new SdpMediaDescription
            {
                Media = media,
                Port = port,
                PortCount = portCount,
                Protocol = protocol,
                Formats = formats,
                Connection = Connection,
                Mid = a.Mid,
                IceUfrag = a.IceUfrag,
                IcePwd = a.IcePwd,
                IceOptions = a.IceOptions,
                Fingerprints = a.Fingerprints,
                Setup = a.Setup,
                Direction = a.Direction,
                RtcpMux = a.RtcpMux,
                RtcpRsize = a.RtcpRsize,
                BundleOnly = a.BundleOnly,
                RtpMaps = a.RtpMaps,
                Fmtps = a.Fmtps,
                RtcpFeedback = a.RtcpFeedback,
                ExtMaps = a.ExtMaps,
                SctpPort = a.SctpPort,
                MaxMessageSize = a.MaxMessageSize,
                Candidates = a.Candidates,
                EndOfCandidates = a.EndOfCandidates,
                Msids = a.Msids,
                Ssrcs = a.Ssrcs,
                Attributes = a.All,
            };
        }
    }
}
