using System.Text;

namespace RtcGateway.Media.Tests.Pipelines;

/// <summary>One element (or caps filter, Factory == "caps") of a parsed launch description, with raw (still quoted) values.</summary>
internal sealed class LaunchNode(string factory)
{
    public string Factory { get; set; } = factory;

    public List<KeyValuePair<string, string>> RawProperties { get; } = [];

    public string? Caps { get; set; }

    public string? this[string key] =>
        RawProperties.Where(p => p.Key == key).Select(p => LaunchDescription.Unquote(p.Value)).Cast<string?>().LastOrDefault();

    public bool Has(string key) => RawProperties.Any(p => p.Key == key);

    public void Set(string key, string rawValue)
    {
        RawProperties.RemoveAll(p => p.Key == key);
        RawProperties.Add(new(key, rawValue));
    }

    public void Remove(string key) => RawProperties.RemoveAll(p => p.Key == key);

    public override string ToString() =>
        Caps ?? Factory + string.Concat(RawProperties.Select(p => $" {p.Key}={p.Value}"));
}

/// <summary>A tiny parser of the gst-launch syntax our builder emits: chains of elements joined by "!", branches "t. ! …".</summary>
internal sealed class LaunchDescription
{
    public List<(string? From, List<LaunchNode> Nodes)> Chains { get; } = [];

    public IEnumerable<LaunchNode> AllNodes => Chains.SelectMany(c => c.Nodes);

    public List<LaunchNode> Main => Chains[0].Nodes;

    public List<LaunchNode> Branch(int i) => Chains[i + 1].Nodes;

    public LaunchNode Named(string name) => AllNodes.Single(n => n["name"] == name);

    public static LaunchDescription Parse(string text)
    {
        var d = new LaunchDescription();
        List<LaunchNode> chain = [];
        d.Chains.Add((null, chain));
        LaunchNode? current = null;
        bool expectElement = true;
        foreach (string token in Tokenize(text))
        {
            if (token == "!")
            {
                Assert.False(expectElement, $"'!' without element in: {text}");
                expectElement = true;
                current = null;
                continue;
            }

            if (token.EndsWith('.') && !token.Contains('=') && !token.Contains('/'))
            {
                chain = [];
                d.Chains.Add((token[..^1], chain));
                current = null;
                expectElement = false; // "t." must be followed by "!"
                continue;
            }

            if (expectElement)
            {
                current = token.Contains('/') ? new LaunchNode("caps") { Caps = token } : new LaunchNode(token);
                chain.Add(current);
                expectElement = false;
                continue;
            }

            Assert.NotNull(current);
            int eq = token.IndexOf('=');
            Assert.True(eq > 0, $"token '{token}' is not property=value in: {text}");
            current!.RawProperties.Add(new(token[..eq], token[(eq + 1)..]));
        }

        Assert.False(expectElement && chain.Count > 0, "description ends with '!'");
        return d;
    }

    /// <summary>Splits on white space outside double quotes; backslash escapes the next character inside quotes.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var sb = new StringBuilder();
        bool inQuotes = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes && c == '\\' && i + 1 < text.Length)
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
            }

            if (!inQuotes && char.IsWhiteSpace(c))
            {
                if (sb.Length > 0)
                {
                    tokens.Add(sb.ToString());
                    sb.Clear();
                }

                continue;
            }

            sb.Append(c);
        }

        Assert.False(inQuotes, "unbalanced quotes");
        if (sb.Length > 0)
        {
            tokens.Add(sb.ToString());
        }

        return tokens;
    }

    public static string Unquote(string raw)
    {
        if (raw.Length < 2 || raw[0] != '"')
        {
            return raw;
        }

        var sb = new StringBuilder();
        for (int i = 1; i < raw.Length - 1; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length - 1)
            {
                i++;
            }

            sb.Append(raw[i]);
        }

        return sb.ToString();
    }

    public override string ToString() => string.Join(' ', Chains.Select(c =>
        (c.From is null ? "" : c.From + ". ! ") + string.Join(" ! ", c.Nodes)));
}
