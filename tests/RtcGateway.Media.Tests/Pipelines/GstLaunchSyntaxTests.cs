using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

public sealed class GstLaunchSyntaxTests
{
    [Theory]
    [InlineData("/media/car.mp4", "/media/car.mp4")]
    [InlineData("rtsp://u@h:554/p", "rtsp://u@h:554/p")]
    [InlineData("a b", "\"a b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("x!y", "\"x!y\"")]
    [InlineData("", "\"\"")]
    [InlineData("-leading-dash", "\"-leading-dash\"")]
    [InlineData("\"lead", "\"\\\"\\\\\\\"lead\\\"\"")] // wrapped twice: the parser's GstValue step unwraps a leading quote again
    public void Quotes(string value, string expected) => Assert.Equal(expected, GstLaunchSyntax.QuoteValue(value));

    [Fact]
    public void Nul_Throws() => Assert.Throws<ArgumentException>(() => GstLaunchSyntax.QuoteValue("a\0b"));

    [Fact]
    public void QuotedValues_TokenizeAsOneToken()
    {
        var rng = new Random(5);
        const string Alphabet = "ab /\\\"'!.()=,é";
        for (int i = 0; i < 2_000; i++)
        {
            string v = new(Enumerable.Range(0, rng.Next(1, 12)).Select(_ => Alphabet[rng.Next(Alphabet.Length)]).ToArray());
            if (v.StartsWith('"'))
            {
                continue; // double-wrapped form is checked against the real parser in GstLaunchIntegrationTests
            }

            List<string> tokens = LaunchDescription.Tokenize("filesrc location=" + GstLaunchSyntax.QuoteValue(v) + " ! fakesink");
            Assert.Equal(4, tokens.Count);
            Assert.Equal(v, LaunchDescription.Unquote(tokens[1]["location=".Length..]));
        }
    }
}
