namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c> (RFC 8866 §6.15), e.g.
/// <c>a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f</c>.
/// <see cref="Parameters"/> splits the common "key=value;key=value" form (keys compared case-insensitively; tokens without
/// '=' get an empty value); <see cref="Text"/> keeps the original.
/// </summary>
/// <param name="Format">The format (payload type digits for RTP media).</param>
/// <param name="Text">The parameter text as written.</param>
/// <param name="Parameters">Parsed parameters; the first occurrence of a key wins.</param>
public sealed record SdpFmtp(string Format, string Text, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Splits "k=v;k2=v2" (whitespace around items trimmed) into a case-insensitive dictionary. Never throws.</summary>
    /// <param name="text">Parameter text.</param>
    /// <returns>The parameters.</returns>
    public static IReadOnlyDictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            var key = eq < 0 ? item : item[..eq].Trim();
            var value = eq < 0 ? string.Empty : item[(eq + 1)..].Trim();
            result.TryAdd(key, value);
        }

        return result;
    }
}
