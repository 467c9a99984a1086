using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

/// <summary>The tile's received bitrate (browser getStats) and the gateway's measured send rate for the same session agree.</summary>
public class BitrateDisplayTests(ChromiumFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Tile_shows_the_received_bitrate_and_the_session_api_reports_the_send_rate()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4"));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe viewer = await PageProbe.OpenViewerAsync(context, gw, "cam0", "viewer");
        await viewer.WaitForFramesAsync(10, gw);
        await viewer.Page.WaitForTimeoutAsync(3000);

        double browserBps = await viewer.Page.EvaluateAsync<double>("() => window.rtcgw.tiles.cam0.bitrateBps ?? -1");
        string label = await viewer.Page.InnerTextAsync("article.tile[data-camera-id=\"cam0\"] dl.stats dt:text-is('Bitrate') + dd");
        using var http = new HttpClient { BaseAddress = new Uri(gw.BaseUrl) };
        JsonElement sessions = await http.GetFromJsonAsync<JsonElement>("api/cameras/cam0/sessions");
        JsonElement session = sessions.EnumerateArray().Single();
        int serverKbps = session.GetProperty("sendBitrateKbps").GetInt32();

        output.WriteLine($"tile: {label} ({browserBps:F0} bit/s); gateway sendBitrateKbps: {serverKbps}");
        Assert.True(browserBps > 0, $"tile bitrate {browserBps}\n{await viewer.DescribeAsync()}");
        Assert.Matches(@"^\d+(\.\d)? (k|M)bit/s$", label);
        Assert.True(session.GetProperty("connected").GetBoolean());
        // Both count RTP payload bytes over about a second; they differ by the windows' alignment only.
        Assert.InRange(browserBps / 1000, serverKbps * 0.5, serverKbps * 2.0);
        Assert.Empty(viewer.Errors);
    }
}
