using System.Globalization;
using System.Text.RegularExpressions;

namespace RtcGateway.Server.Tests.Metrics;

/// <summary>A small reader of the Prometheus text exposition format (0.0.4) for assertions: samples and TYPE lines.</summary>
public sealed partial class PrometheusText
{
    private PrometheusText(List<Sample> samples, Dictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Metric family name → type (gauge, counter…).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            Match m = SampleLine().Match(line);
            Assert.True(m.Success, "not a sample line: " + line);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in LabelPair().Matches(m.Groups["labels"].Value))
            {
                labels[l.Groups["k"].Value] = l.Groups["v"].Value;
            }

            samples.Add(new Sample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return new PrometheusText(samples, types);
    }

    /// <summary>Samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/> (k=v pairs).</summary>
    public IEnumerable<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out string? v) && v == l.Value));

    /// <summary>The value of the one sample of <paramref name="name"/> with <paramref name="labels"/>, or null when absent.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels)
    {
        Sample[] found = Find(name, labels).ToArray();
        Assert.True(found.Length <= 1, $"{found.Length} samples of {name} match");
        return found.Length == 0 ? null : found[0].Value;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<k>[a-zA-Z_][a-zA-Z0-9_]*)="(?<v>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
