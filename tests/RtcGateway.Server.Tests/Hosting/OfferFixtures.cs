using System.Text.RegularExpressions;

namespace RtcGateway.Server.Tests.Hosting;

/// <summary>Real browser offers (copied from the WebRtc test fixtures) and edits of them.</summary>
public static partial class OfferFixtures
{
    /// <summary>Chromium 156 recvonly video + data channel offer (CRLF).</summary>
    public static string Chromium => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "chromium156-recvonly-video-datachannel.sdp"));

    /// <summary>The offer's ice-ufrag.</summary>
    public static string OfferUfrag(string sdp) => Attribute(sdp, "ice-ufrag") ?? throw new InvalidOperationException("no ice-ufrag");

    /// <summary>The first value of <c>a=name:</c> in <paramref name="sdp"/>, or null.</summary>
    public static string? Attribute(string sdp, string name) =>
        Lines(sdp).Where(l => l.StartsWith("a=" + name + ":", StringComparison.Ordinal)).Select(l => l[(name.Length + 3)..]).FirstOrDefault();

    /// <summary>All values of <c>a=name:</c>.</summary>
    public static IEnumerable<string> Attributes(string sdp, string name) =>
        Lines(sdp).Where(l => l.StartsWith("a=" + name + ":", StringComparison.Ordinal)).Select(l => l[(name.Length + 3)..]);

    /// <summary>True when the SDP has the line exactly.</summary>
    public static bool HasLine(string sdp, string line) => Lines(sdp).Contains(line);

    public static string[] Lines(string sdp) => sdp.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The offer without any line starting with <paramref name="prefix"/>.</summary>
    public static string WithoutLines(string sdp, string prefix) =>
        string.Join("\r\n", Lines(sdp).Where(l => !l.StartsWith(prefix, StringComparison.Ordinal))) + "\r\n";

    /// <summary>
    /// Keeps only the given payload types in the video m-line and drops the rtpmap/fmtp/rtcp-fb lines of the others
    /// (e.g. a VP8-only offer).
    /// </summary>
    public static string WithVideoPayloadTypes(string sdp, params int[] keep)
    {
        var kept = keep.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var output = new List<string>();
        foreach (string line in Lines(sdp))
        {
            if (line.StartsWith("m=video ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                output.Add(string.Join(' ', parts.Take(3).Concat(parts.Skip(3).Where(kept.Contains))));
                continue;
            }

            Match m = PayloadAttribute().Match(line);
            if (m.Success && !kept.Contains(m.Groups[1].Value))
            {
                continue;
            }

            output.Add(line);
        }

        return string.Join("\r\n", output) + "\r\n";
    }

    [GeneratedRegex(@"^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) ")]
    private static partial Regex PayloadAttribute();
}
