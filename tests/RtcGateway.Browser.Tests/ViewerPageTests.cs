using System.Text.Json;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

public class ViewerPageTests
{
    [Fact]
    public async Task Viewer_page_plays_cam0_from_a_real_clip()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4"));
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await chromium.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(gw.BaseUrl + "/?cameras=cam0");
        await page.WaitForFunctionAsync("() => window.rtcgw?.tiles?.cam0?.framesDecoded > 10", null,
            new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 200 });
        long first = await page.EvaluateAsync<long>("() => window.rtcgw.tiles.cam0.framesDecoded");
        await page.WaitForTimeoutAsync(2000);
        long second = await page.EvaluateAsync<long>("() => window.rtcgw.tiles.cam0.framesDecoded");
        Assert.True(second > first + 10, $"frames decoded did not keep increasing: {first} → {second}");
        Assert.Empty(errors);

    }
}
