using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// The viewer's per-tile MJPEG fallback against a real gateway and Chromium. The gateway announces
/// <c>Gateway:WebRtc:AdvertisedPort</c> = a port-forward that drops everything at first (UDP unreachable: ICE cannot
/// succeed), so the tile must show MJPEG with moving frames; then the forward is switched on (WebRTC becomes possible)
/// and the tile must switch back to WebRTC by itself (its background retries) and close the MJPEG stream.
/// </summary>
public class MjpegFallbackTests
{
    [Fact]
    public async Task Tile_falls_back_to_mjpeg_when_udp_is_unreachable_and_returns_to_webrtc_when_it_works()
    {
        using var forward = new UdpPortForward();
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
            [.. GatewayInstance.Clip(0, "cam0", "car-detection.mp4"), $"--Gateway:WebRtc:AdvertisedPort={forward.Port}"]);
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(gw.BaseUrl + "/?cameras=cam0");

        // 1. No WebRTC frame within ~4 s → MJPEG in the tile, labelled, with real frames.
        await page.WaitForFunctionAsync("() => window.rtcgw?.tiles?.cam0?.transport === 'mjpeg'", null,
            new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 200 });
        await page.WaitForFunctionAsync("() => document.querySelector('article.tile img.mjpeg')?.naturalWidth > 0", null,
            new PageWaitForFunctionOptions { Timeout = 15_000, PollingInterval = 200 });
        Assert.Equal(640, await page.EvaluateAsync<int>("() => document.querySelector('img.mjpeg').naturalWidth"));
        Assert.Equal("MJPEG", (await page.Locator("article.tile .badge").TextContentAsync())?.Trim());
        Assert.Equal("mjpeg", await page.Locator("article.tile").GetAttributeAsync("data-transport"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.rtcgw.tiles.cam0.framesDecoded"));
        ILocator img = page.Locator("article.tile img.mjpeg");
        byte[] first = await img.ScreenshotAsync();
        await page.WaitForTimeoutAsync(1500);
        byte[] second = await img.ScreenshotAsync();
        Assert.False(first.AsSpan().SequenceEqual(second), "the MJPEG image did not change in 1.5 s");
        Assert.Equal(1, await MjpegClientsAsync(gw));

        // 2. WebRTC becomes possible: the background retries reach it and the tile switches back.
        forward.Start(gw.UdpPort);
        var clock = Stopwatch.StartNew();
        await page.WaitForFunctionAsync(
            "() => window.rtcgw.tiles.cam0.transport === 'webrtc' && window.rtcgw.tiles.cam0.framesDecoded > 10", null,
            new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 });
        Assert.True(forward.Forwarded > 0);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('img.mjpeg').length"));
        Assert.Equal("webrtc", await page.Locator("article.tile").GetAttributeAsync("data-transport"));
        Assert.Equal("live", (await page.Locator("article.tile .badge").TextContentAsync())?.Trim());
        // The browser closed the MJPEG stream; the gateway notices the disconnect.
        while (await MjpegClientsAsync(gw) != 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(75), "the MJPEG client was not released after switching back");
            await Task.Delay(200);
        }

        Assert.Empty(errors);
    }

    private static async Task<int> MjpegClientsAsync(GatewayInstance gw)
    {
        using var http = new HttpClient();
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync(gw.BaseUrl + "/api/cameras"));
        return doc.RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "cam0").GetProperty("mjpegClients").GetInt32();
    }
}
