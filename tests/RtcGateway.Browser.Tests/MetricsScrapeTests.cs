using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary><c>GET /metrics</c> while Chromium plays a camera over WHEP, and after the session ended.</summary>
public partial class MetricsScrapeTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Scrape_during_a_playing_session_finds_its_packet_counters_and_camera_totals_survive_its_end()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
            [.. GatewayInstance.Clip(0, "cam0", "car-detection.mp4"), "--Gateway:Metrics:SeriesExpiryMs=1000"]);
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe whep = await PageProbe.OpenWhepAsync(context, gw, "cam0", "whep");
        await whep.WaitForFramesAsync(10, gw);
        string location = await whep.Page.EvaluateAsync<string>("() => window.rtcgwWhep.location");
        string session = location[(location.LastIndexOf('/') + 1)..];
        using var http = new HttpClient { BaseAddress = new Uri(gw.BaseUrl + "/") };
        (string Key, string Value)[] ofSession = [("camera", "cam0"), ("session", session)];

        // Chromium's receiver reports arrive about once a second; RTT needs one that echoes our sender report.
        Dictionary<string, double> playing = await ScrapeUntilAsync(http, m =>
            m.ContainsKey(Series("rtcgateway_session_round_trip_time_seconds", ofSession))
            && m.ContainsKey(Series("rtcgateway_session_fraction_lost", ofSession)), TimeSpan.FromSeconds(15), gw);
        double packets = playing[Series("rtcgateway_session_packets_sent_total", ofSession)];
        output.WriteLine($"session {session}: packets {packets}, bytes {playing[Series("rtcgateway_session_bytes_sent_total", ofSession)]}, " +
            $"frames {playing[Series("rtcgateway_session_frames_sent_total", ofSession)]}, " +
            $"RTT {playing[Series("rtcgateway_session_round_trip_time_seconds", ofSession)] * 1000:F2} ms, " +
            $"fraction lost {playing[Series("rtcgateway_session_fraction_lost", ofSession)]}");
        Assert.True(packets > 0, "no packets counted for the playing session");
        Assert.True(playing[Series("rtcgateway_session_bytes_sent_total", ofSession)] > packets * 100, "payload bytes not counted");
        Assert.True(playing[Series("rtcgateway_session_frames_sent_total", ofSession)] >= 10);
        double rtt = playing[Series("rtcgateway_session_round_trip_time_seconds", ofSession)];
        Assert.InRange(rtt, 0, 1); // loopback: well under a second
        Assert.InRange(playing[Series("rtcgateway_session_fraction_lost", ofSession)], 0, 1);
        Assert.True(playing[Series("rtcgateway_camera_packets_sent_total", [("camera", "cam0")])] >= packets);
        Assert.True(playing[Series("rtcgateway_udp_datagrams_sent_total", [])] >= packets);
        Assert.True(playing[Series("rtcgateway_udp_datagrams_received_total", [])] > 0);
        Assert.Equal(1, playing[Series("rtcgateway_camera_viewers", [("camera", "cam0")])]);
        Assert.Equal(1, playing[Series("rtcgateway_camera_state", [("camera", "cam0"), ("state", "Streaming")])]);
        Assert.True(playing[Series("rtcgateway_camera_keyframe_requests_total", [("camera", "cam0")])] >= 1, "the join's keyframe request");

        // End the session: its series go away, the camera's totals keep what it sent.
        Dictionary<string, double> last = await ScrapeAsync(http);
        double lastPackets = last[Series("rtcgateway_session_packets_sent_total", ofSession)];
        using (HttpResponseMessage deleted = await http.DeleteAsync(location))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);
        }

        Dictionary<string, double> ended = await ScrapeUntilAsync(http, m => !m.Keys.Any(k => k.Contains($"session=\"{session}\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), gw);
        Assert.True(ended[Series("rtcgateway_camera_packets_sent_total", [("camera", "cam0")])] >= lastPackets,
            "the camera's packet total went backwards when the session ended");
        Assert.Equal(0, ended[Series("rtcgateway_camera_viewers", [("camera", "cam0")])]);
        Assert.Empty(whep.Errors);
    }

    /// <summary>The key of a sample as prometheus-net writes it: labels sorted by name.</summary>
    private static string Series(string name, (string Key, string Value)[] labels) =>
        labels.Length == 0 ? name : $"{name}{{{string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}}";

    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        string text = await http.GetStringAsync("metrics");
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in SampleLine().Matches(text))
        {
            samples[m.Groups["series"].Value] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    private static async Task<Dictionary<string, double>> ScrapeUntilAsync(HttpClient http, Func<Dictionary<string, double>, bool> condition,
        TimeSpan timeout, GatewayInstance gw)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Dictionary<string, double> samples = await ScrapeAsync(http);
            if (condition(samples))
            {
                return samples;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"condition not met within {timeout}; last scrape:\n{string.Join('\n', samples.Select(s => s.Key + " " + s.Value))}\n{gw.Diagnostics()}");
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"^(?<series>rtcgateway_[a-z0-9_]+(\{[^}]*\})?) (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
