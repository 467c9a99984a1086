using Microsoft.Playwright;
using RtcGateway.Server.Sessions;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// One viewer page is throttled, then frozen (its main thread paused in the debugger) while three others watch the same
/// camera: the others must keep the source rate. What the frozen viewer's server session does is reported (WebRTC
/// transport, decoding and RTCP run off the page's main thread in Chromium, so the gateway may see a healthy receiver).
/// </summary>
public class FrozenViewerTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Fps = 15;

    [Fact]
    public async Task A_throttled_then_frozen_viewer_does_not_slow_the_others()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps));
        await using IBrowserContext victimContext = await fixture.Chromium.Browser.NewContextAsync();
        await using IBrowserContext othersContext = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe victim = await PageProbe.OpenViewerAsync(victimContext, gw, "cam0", "victim");
        var others = new List<PageProbe>();
        for (int i = 0; i < 3; i++)
        {
            others.Add(await PageProbe.OpenViewerAsync(othersContext, gw, "cam0", $"viewer{i}"));
        }

        foreach (PageProbe p in others.Prepend(victim))
        {
            await p.WaitForFramesAsync(5, gw);
        }

        string victimId = await victim.Page.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.sessionId");
        Assert.True(gw.Sessions.TryGetSession(victimId, out ViewerSession? victimSession));
        ICDPSession cdp = await victimContext.NewCDPSessionAsync(victim.Page);

        // Phase 1: CPU throttled 100× (Chrome DevTools "CPU throttling": the renderer's main thread runs 1 % of the time).
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 100 });
        RateSample throttled = await PageProbe.MeasureRatesAsync(others, gw, "cam0", TimeSpan.FromSeconds(10));
        output.WriteLine($"victim throttled 100x: others {throttled}; victim session: {Describe(victimSession!)}");
        throttled.AssertAllAtSourceRate(Fps, "while one viewer is CPU-throttled");

        // Phase 2: main thread paused in the debugger (the page's JS, timers, rVFC and stats polling stop).
        await cdp.SendAsync("Debugger.enable");
        await cdp.SendAsync("Debugger.pause");
        RateSample frozen = await PageProbe.MeasureRatesAsync(others, gw, "cam0", TimeSpan.FromSeconds(10));
        output.WriteLine($"victim paused: others {frozen}; victim session: {Describe(victimSession!)}");
        frozen.AssertAllAtSourceRate(Fps, "while one viewer's page is frozen");

        // Thaw: the victim plays again (its session survived, or its page reconnected).
        await cdp.SendAsync("Debugger.resume");
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 1 });
        long before = await victim.FramesDecodedAsync();
        await victim.WaitForFramesAsync(before + 15, gw);
        output.WriteLine($"victim after thaw: session {Describe(victimSession!)}; {await victim.DescribeAsync()}");
        Assert.All(others, p => Assert.Empty(p.Errors));
        Assert.All(gw.Sessions.Sessions.Where(s => s != victimSession), s => Assert.Equal(0, s.FramesDropped));
    }

    private static string Describe(ViewerSession s) =>
        $"connected={s.IsConnected} closed={s.Closed.IsCompleted} ({s.CloseReason}) framesDropped={s.FramesDropped} framesSent={s.Stats.FramesSent} rtt={s.Stats.RoundTripTimeMs}";
}
