using System.Diagnostics;
using System.Globalization;
using System.Text;
using RtcGateway.WebRtc.Sdp;
using Xunit.Abstractions;

namespace RtcGateway.WebRtc.Tests.Sdp;

/// <summary>Seeded random and mutated SDP: TryParse and TryNegotiate must never throw, and every answer must re-parse.</summary>
public class SdpFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] HugeNumbers =
        ["99999999999999999999999999", "4294967296", "2147483648", "-1", "65536", "0", "18446744073709551616", "1e9", "0x10", "٣"];

    private static readonly string[] InterestingLines =
    [
        "a=group:BUNDLE", "a=group:BUNDLE 0 0 0", "a=mid:0", "a=mid:1", "a=setup:passive", "a=setup:active", "a=sendonly",
        "a=inactive", "a=recvonly", "a=rtcp-mux", "a=bundle-only", "a=ice-lite", "a=ice-ufrag:x", "a=ice-pwd:y",
        "a=fingerprint:sha-1 AB:CD", "a=fingerprint:sha-256 AB", "a=rtpmap:96 H264/90000", "a=rtpmap:127 H264/1",
        "a=fmtp:96 packetization-mode=1;profile-level-id=640c1f", "a=fmtp:96 profile-level-id=zzzzzz;packetization-mode=1",
        "a=fmtp:96 ;;;=;==;", "a=rtcp-fb:* nack", "a=extmap:14 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:15/recvonly x",
        "a=extmap:4351 y", "a=candidate:1 1 udp 1 h.local 1 typ host", "a=sctp-port:0", "a=max-message-size:0",
        "m=video 9 UDP/TLS/RTP/SAVPF 96", "m=video 0 UDP/TLS/RTP/SAVPF 96", "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP6 ::", "o=- 1 1 IN IP4 0.0.0.0", "v=0", "a=", "a=:", "=", "a=x:\u0000\u00ff",
    ];

    [Fact]
    public void Mutated_and_random_sdp_never_throws()
    {
        var stopwatch = Stopwatch.StartNew();
        var random = new Random(8866);
        var seeds = SdpTestData.AllFixtures.Select(f => SdpTestData.Load(f)).ToList();
        foreach (var fixture in SdpTestData.AllFixtures)
        {
            seeds.Add(SdpTestData.Negotiate(SdpTestData.Load(fixture), SdpTestData.Parameters(acceptDataChannel: true)).AnswerSdp);
            seeds.Add(SdpTestData.Negotiate(SdpTestData.Load(fixture), SdpTestData.Parameters(rtxSsrc: 0x9ABC_DEF0)).AnswerSdp);
        }

        var parametersSet = new[]
        {
            SdpTestData.Parameters("42e01f"), SdpTestData.Parameters("640c1f", acceptDataChannel: true),
            SdpTestData.Parameters("42001f", playoutDelay: false), SdpTestData.Parameters("4d0028", acceptDataChannel: true),
            SdpTestData.Parameters("42e01f", acceptDataChannel: true, rtxSsrc: 0x9ABC_DEF0),
        };

        int cases = 0, parsed = 0, negotiated = 0, exceptions = 0;
        var kinds = new HashSet<SdpErrorKind>();
        string? firstFailure = null;
        const int Total = 32_000;
        for (var i = 0; i < Total; i++)
        {
            var input = i % 16 == 15 ? RandomText(random) : Mutate(seeds[random.Next(seeds.Count)], random);
            cases++;
            try
            {
                if (!SdpSession.TryParse(input, out var session, out var parseError))
                {
                    Assert.Null(session);
                    Assert.NotEqual(SdpErrorKind.None, parseError.Kind);
                    kinds.Add(parseError.Kind);
                    continue;
                }

                parsed++;
                var p = parametersSet[i % parametersSet.Length];
                if (!SdpNegotiator.TryNegotiate(session!, p, out var result, out var error))
                {
                    Assert.Null(result);
                    Assert.NotEqual(SdpErrorKind.None, error.Kind);
                    kinds.Add(error.Kind);
                    continue;
                }

                negotiated++;
                Assert.True(SdpSession.TryParse(result!.AnswerSdp, out var answer, out var answerError), answerError.ToString());
                Assert.Equal(session!.Media.Count, answer!.Media.Count);
                Assert.Equal(SdpDirection.SendOnly, answer.Media.First(m => m.Mid == result.VideoMid && m.Port != 0).Direction);
                if (result.RtxPayloadType is { } rtxPt)
                {
                    // RFC 4588 §8.6: the accepted rtx format follows the H.264 one and points at it.
                    var video = answer.Media.First(m => m.Mid == result.VideoMid && m.Port != 0);
                    Assert.Equal([result.PayloadType.ToString(CultureInfo.InvariantCulture), rtxPt.ToString(CultureInfo.InvariantCulture)], video.Formats);
                    Assert.Equal(result.PayloadType.ToString(CultureInfo.InvariantCulture), video.FindFmtp(rtxPt.ToString(CultureInfo.InvariantCulture))!.Parameters["apt"]);
                    Assert.Equal(p.RtxSsrc, result.RtxSsrc);
                }
                if (i % 8 == 0)
                {
                    Assert.True(SdpNegotiator.TryNegotiate(session, p, out var again, out _));
                    Assert.Equal(result.AnswerSdp, again!.AnswerSdp); // deterministic
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                exceptions++;
                firstFailure ??= $"{ex.GetType().Name}: {ex.Message}\n--- input ---\n{input}";
            }
        }

        output.WriteLine($"{cases} cases, {parsed} parsed, {negotiated} negotiated, kinds: {string.Join(", ", kinds)}, {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(exceptions == 0, $"{exceptions} exceptions; first: {firstFailure}");
        Assert.Equal(Total, cases);
        Assert.True(cases >= 30_000);
        // The mutations must exercise all three outcomes, or the test proves nothing.
        Assert.InRange(parsed, cases / 10, cases - 1);
        Assert.InRange(negotiated, cases / 50, parsed - 1);
        Assert.Contains(SdpErrorKind.Malformed, kinds);
        Assert.True(kinds.Count >= 6, "error kinds seen: " + string.Join(", ", kinds));
    }

    private static string Mutate(string seed, Random random)
    {
        var lines = seed.Split("\r\n").ToList();
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(10))
            {
                case 0: // drop a line
                    lines.RemoveAt(at);
                    break;
                case 1: // duplicate a line
                    lines.Insert(at, lines[at]);
                    break;
                case 2: // swap two lines
                    var other = random.Next(lines.Count);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
                case 3: // insert an interesting line
                    lines.Insert(at, InterestingLines[random.Next(InterestingLines.Length)]);
                    break;
                case 4: // huge/odd number in place of a digit run
                    lines[at] = ReplaceNumber(lines[at], random);
                    break;
                case 5: // truncate a line
                    if (lines[at].Length > 0)
                    {
                        lines[at] = lines[at][..random.Next(lines[at].Length)];
                    }

                    break;
                case 6: // flip a character
                    if (lines[at].Length > 0)
                    {
                        var chars = lines[at].ToCharArray();
                        chars[random.Next(chars.Length)] = (char)random.Next(0, 256);
                        lines[at] = new string(chars);
                    }

                    break;
                case 7: // spaces and separators
                    lines[at] = lines[at].Replace(' ', random.Next(2) == 0 ? '\t' : ' ').Replace(":", random.Next(3) == 0 ? "::" : ":");
                    break;
                case 8: // direction / role flips
                    lines[at] = lines[at].Replace("recvonly", "sendonly").Replace("actpass", "passive").Replace("=1", "=0");
                    break;
                default: // drop a whole block
                    var count = Math.Min(lines.Count - at, random.Next(1, 30));
                    lines.RemoveRange(at, count);
                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add(string.Empty);
            }
        }

        var text = string.Join(random.Next(8) == 0 ? "\n" : "\r\n", lines);
        return random.Next(20) == 0 ? text[..random.Next(text.Length + 1)] : text;
    }

    private static string ReplaceNumber(string line, Random random)
    {
        var start = -1;
        var digits = new List<(int Start, int Length)>();
        for (var i = 0; i <= line.Length; i++)
        {
            var isDigit = i < line.Length && char.IsAsciiDigit(line[i]);
            if (isDigit && start < 0)
            {
                start = i;
            }
            else if (!isDigit && start >= 0)
            {
                digits.Add((start, i - start));
                start = -1;
            }
        }

        if (digits.Count == 0)
        {
            return line;
        }

        var (s, l) = digits[random.Next(digits.Count)];
        return line[..s] + HugeNumbers[random.Next(HugeNumbers.Length)] + line[(s + l)..];
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder("v=0\r\n");
        var lines = random.Next(0, 40);
        for (var i = 0; i < lines; i++)
        {
            sb.Append((char)random.Next('a', 'z' + 1)).Append('=');
            var length = random.Next(0, 60);
            for (var j = 0; j < length; j++)
            {
                sb.Append((char)random.Next(0x20, 0x7F));
            }

            sb.Append(random.Next(2) == 0 ? "\r\n" : "\n");
        }

        return random.Next(3) == 0 ? sb.ToString()[random.Next(sb.Length)..] : sb.ToString();
    }
}
