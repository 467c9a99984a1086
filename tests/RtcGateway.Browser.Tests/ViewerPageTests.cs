using System.Text.Json;
using Microsoft.Playwright;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Browser.Tests;

/// <summary>The viewer page (SignalR hub) and the WHEP page each play a camera fed from a real clip.</summary>
public class ViewerPageTests(ChromiumFixture fixture) : IClassFixture<ChromiumFixture>
{
    /// <summary>Draws the video element into a canvas and returns luma statistics of the current frame.</summary>
    private const string FrameStatsJs = """
        (selector) => {
          const v = document.querySelector(selector);
          if (!v || v.videoWidth === 0) return null;
          const c = document.createElement('canvas');
          c.width = v.videoWidth; c.height = v.videoHeight;
          const g = c.getContext('2d', { willReadFrequently: true });
          g.drawImage(v, 0, 0);
          const d = g.getImageData(0, 0, c.width, c.height).data;
          let n = 0, sum = 0, sum2 = 0;
          const luma = new Float32Array(c.width * c.height);
          for (let i = 0; i < d.length; i += 4) {
            const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
            luma[n++] = y; sum += y; sum2 += y * y;
          }
          const mean = sum / n;
          return { width: c.width, height: c.height, mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), luma: Array.from(luma.filter((_, i) => i % 97 === 0)) };
        }
        """;

    [Fact]
    public async Task Viewer_page_plays_cam0_from_a_real_clip_and_the_picture_is_not_uniform()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4"));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe viewer = await PageProbe.OpenViewerAsync(context, gw, "cam0", "viewer");
        await viewer.WaitForFramesAsync(10, gw);

        long first = await viewer.FramesDecodedAsync();
        FrameStats a = await GrabAsync(viewer.Page, "article.tile[data-camera-id=\"cam0\"] video");
        await viewer.Page.WaitForTimeoutAsync(2500);
        long second = await viewer.FramesDecodedAsync();
        FrameStats b = await GrabAsync(viewer.Page, "article.tile[data-camera-id=\"cam0\"] video");

        Assert.True(second > first + 15, $"frames decoded did not keep increasing: {first} → {second}\n{await viewer.DescribeAsync()}");
        Assert.Equal((640, 360), (a.Width, a.Height));
        // A real scene: luma spread well above codec noise on a flat frame (a uniform grey/black frame has std ≈ 0).
        Assert.True(a.Std > 10, $"frame looks uniform: mean {a.Mean:F1}, std {a.Std:F2}");
        Assert.True(b.Std > 10, $"frame looks uniform: mean {b.Mean:F1}, std {b.Std:F2}");
        // The picture changes over 2.5 s (cars pass; the clip is not paused/frozen on one frame).
        double meanAbsDiff = a.Luma.Zip(b.Luma, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(meanAbsDiff > 0.5, $"picture did not change over 2.5 s (mean |Δluma| {meanAbsDiff:F3})");
        Assert.Equal("live", await viewer.Page.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.status"));
        Assert.Empty(viewer.Errors);
    }

    [Fact]
    public async Task Whep_page_plays_the_same_camera()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4"));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe whep = await PageProbe.OpenWhepAsync(context, gw, "cam0", "whep");
        await whep.WaitForFramesAsync(10, gw);
        RateSample rate = await PageProbe.MeasureRatesAsync([whep], gw, "cam0", TimeSpan.FromSeconds(3));

        Assert.True(rate.Rates[0] > 0.75 * rate.SourceFps, $"WHEP page: {rate}\n{await whep.DescribeAsync()}");
        string location = await whep.Page.EvaluateAsync<string>("() => window.rtcgwWhep.location");
        Assert.Matches("/api/cameras/cam0/whep/[0-9a-f]+$", location);
        string sessionId = location[(location.LastIndexOf('/') + 1)..];
        Assert.True(gw.Sessions.TryGetSession(sessionId, out ViewerSession? session));
        Assert.Null(session!.OwnerConnectionId);
        Assert.True(session.IsConnected);
        FrameStats frame = await GrabAsync(whep.Page, "video");
        Assert.True(frame.Std > 10, $"frame looks uniform: std {frame.Std:F2}");
        Assert.Empty(whep.Errors);

        // Stop → the page closes its RTCPeerConnection (DTLS close_notify) and DELETEs the Location; whichever reaches
        // the gateway first ends the session, and the resource is gone afterwards.
        await whep.Page.ClickAsync("#toggle");
        await session.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(session.CloseReason, new[] { "WHEP DELETE", "DTLS closed: close_notify received" });
        Assert.False(gw.Sessions.TryGetSession(sessionId, out _));
        using var http = new HttpClient();
        using HttpResponseMessage again = await http.DeleteAsync(gw.BaseUrl + location[location.IndexOf("/api/", StringComparison.Ordinal)..]);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Hub_connect_to_an_unknown_camera_shows_the_failure_on_the_tile()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4"));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe ghost = await PageProbe.OpenViewerAsync(context, gw, "nosuchcam", "ghost");
        await ghost.Page.WaitForFunctionAsync("() => window.rtcgw?.tiles?.nosuchcam?.lastError", null,
            new PageWaitForFunctionOptions { Timeout = 15_000, PollingInterval = 100 });
        string status = await ghost.Page.EvaluateAsync<string>("() => window.rtcgw.tiles.nosuchcam.status");
        string error = await ghost.Page.EvaluateAsync<string>("() => window.rtcgw.tiles.nosuchcam.lastError");

        Assert.Equal("failed", status);
        Assert.Contains("unknown camera", error, StringComparison.Ordinal);
        Assert.Contains("nosuchcam", error, StringComparison.Ordinal);
        Assert.Empty(gw.Sessions.Sessions);
        Assert.Equal("failed", await ghost.Page.GetAttributeAsync("article.tile[data-camera-id=\"nosuchcam\"]", "data-status"));
    }

    private static async Task<FrameStats> GrabAsync(IPage page, string selector)
    {
        JsonElement? json = await page.EvaluateAsync<JsonElement?>(FrameStatsJs, selector);
        Assert.True(json is { ValueKind: JsonValueKind.Object }, "video element has no frame");
        JsonElement e = json!.Value;
        return new FrameStats(e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(),
            e.GetProperty("mean").GetDouble(), e.GetProperty("std").GetDouble(),
            e.GetProperty("luma").EnumerateArray().Select(x => x.GetDouble()).ToArray());
    }

    private sealed record FrameStats(int Width, int Height, double Mean, double Std, double[] Luma);
}
