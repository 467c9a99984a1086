using Microsoft.Playwright;
using RtcGateway.Server.Sessions;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// One viewer page is frozen (its main thread paused in the debugger), then CPU-throttled, then its renderer process is
/// stopped, while three others watch the same camera: the others must keep the source rate. What the victim's server
/// session does is reported: Chromium runs WebRTC transport, decoding and RTCP off the page's main thread, so a frozen
/// or throttled page still looks like a healthy receiver to the gateway (no drops); a stopped renderer does not.
/// </summary>
public class FrozenViewerTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Fps = 15;
    private const int ThrottleRate = 20;

    [Fact]
    public async Task A_frozen_then_throttled_viewer_does_not_slow_the_others()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps));
        await using Audience audience = await OpenAudienceAsync(gw);
        (_, _, PageProbe victim, List<PageProbe> others, _, ViewerSession victimSession) = audience;
        using var arrivals = AccessUnitArrivals.Watch(gw, "cam0");
        using var stalls = new ProcessStallMonitor();
        ICDPSession cdp = await audience.VictimContext.NewCDPSessionAsync(victim.Page);
        int renderer = await RendererProcess.FindAsync(victim.Page);
        long cpu0 = RendererProcess.CpuTicksOf(renderer), self0 = RendererProcess.CpuTicksOf(Environment.ProcessId);
        RateSample idle = await PageProbe.MeasureRatesAsync(others, gw, "cam0", TimeSpan.FromSeconds(3));
        output.WriteLine($"baseline: others {idle}; victim renderer {RendererProcess.CpuTicksOf(renderer) - cpu0}0 ms CPU, gateway+test {RendererProcess.CpuTicksOf(Environment.ProcessId) - self0}0 ms in 3 s");

        // Phase 1: main thread paused in the debugger (the page's JS, timers, rVFC and stats polling stop; Chromium's
        // WebRTC threads do not).
        ViewerSession[] otherSessions = gw.Sessions.Sessions.Where(s => s != victimSession).ToArray();
        long[] dropped0 = otherSessions.Select(s => s.FramesDropped).ToArray();
        await cdp.SendAsync("Debugger.enable");
        await cdp.SendAsync("Debugger.pause");
        cpu0 = RendererProcess.CpuTicksOf(renderer);
        RateSample frozen = await PageProbe.MeasureRatesAsync(others, gw, "cam0", TimeSpan.FromSeconds(10));
        output.WriteLine($"victim paused: others {frozen}; victim session: {Describe(victimSession)}; victim renderer {RendererProcess.CpuTicksOf(renderer) - cpu0}0 ms CPU in 10 s");
        await cdp.SendAsync("Debugger.resume");
        output.WriteLine($"camera delivery so far: {arrivals}; test process: {stalls}");
        output.WriteLine("gateway warnings so far:\n" + string.Join('\n', gw.Logs.Lines.Where(l => l.Contains("too slow", StringComparison.Ordinal))));
        frozen.AssertAllAtSourceRate(Fps, "while one viewer's page is frozen");
        // Server side, the other sessions must not have dropped frames — unless the whole test process stalled (it hosts
        // the gateway next to xunit and Playwright; seen under heavy machine load: every session, the victim's included,
        // dropped in the same millisecond while the camera delivered regularly), which is no viewer's doing.
        if (stalls.MaxPoolDelayMs < 300)
        {
            Assert.Equal(dropped0, otherSessions.Select(s => s.FramesDropped).ToArray());
        }
        else
        {
            output.WriteLine($"process-wide stall ({stalls}): server-side drops of the other sessions not asserted");
        }

        // Phase 2: CPU throttled (Chrome DevTools "CPU throttling" of the renderer's main thread). In Chromium it
        // itself costs CPU in the throttled renderer (measured ≈ 0.65 core at 100×, ≈ 0.9
        // core at 20× on this 2-core machine); the assertion is still relative to what the camera delivered.
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = ThrottleRate });
        cpu0 = RendererProcess.CpuTicksOf(renderer);
        self0 = RendererProcess.CpuTicksOf(Environment.ProcessId);
        RateSample throttled = await PageProbe.MeasureRatesAsync(others, gw, "cam0", TimeSpan.FromSeconds(10));
        output.WriteLine($"victim throttled {ThrottleRate}x: others {throttled}; victim session: {Describe(victimSession)}; victim renderer {RendererProcess.CpuTicksOf(renderer) - cpu0}0 ms CPU, gateway+test {RendererProcess.CpuTicksOf(Environment.ProcessId) - self0}0 ms in 10 s");
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 1 });
        throttled.AssertAllAtSourceRate(Fps, "while one viewer is CPU-throttled");

        // Thaw: the victim plays again (its session survived, or its page reconnected).
        long before = await victim.FramesDecodedAsync();
        await victim.WaitForFramesAsync(before + 15, gw);
        output.WriteLine($"victim after thaw: session {Describe(victimSession)}; {await victim.DescribeAsync()}");
        output.WriteLine("gateway warnings:\n" + string.Join('\n', gw.Logs.Lines.Where(l => l.Contains("too slow", StringComparison.Ordinal))));
        Assert.All(others, p => Assert.Empty(p.Errors));
    }

    /// <summary>
    /// A truly stalled receiver: the victim's renderer process is SIGSTOPped (no consent checks, no RTCP, nothing read).
    /// The others keep the source rate; the gateway closes the victim's session when ICE consent expires (RFC 7675;
    /// <c>Gateway:WebRtc:ConsentTimeoutMs</c> = 5000 here); after SIGCONT the page reconnects and plays again.
    /// </summary>
    [Fact]
    public async Task A_stopped_renderer_is_dropped_by_consent_expiry_and_the_others_keep_the_rate()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps),
            "--Gateway:WebRtc:ConsentTimeoutMs=5000",
        ]);
        await using Audience audience = await OpenAudienceAsync(gw);
        (_, _, PageProbe victim, List<PageProbe> others, string victimId, ViewerSession victimSession) = audience;
        int renderer = await RendererProcess.FindAsync(victim.Page);
        RendererProcess.Stop(renderer);
        RateSample stalled;
        try
        {
            stalled = await PageProbe.MeasureRatesAsync(others, gw, "cam0", TimeSpan.FromSeconds(9));
            output.WriteLine($"victim renderer {renderer} stopped 9 s: others {stalled}; victim session: {Describe(victimSession)}");
        }
        finally
        {
            RendererProcess.Continue(renderer);
        }

        stalled.AssertAllAtSourceRate(Fps, "while one viewer's renderer is stopped");
        Assert.True(victimSession.Closed.IsCompleted, $"the stalled viewer's session is still open after 9 s: {Describe(victimSession)}");
        Assert.Contains("consent", victimSession.CloseReason ?? "", StringComparison.OrdinalIgnoreCase);

        // The page wakes up, notices, reconnects (new session) and plays.
        long before = await victim.FramesDecodedAsync();
        await victim.Page.WaitForFunctionAsync(
            $"() => window.rtcgw.tiles.cam0.sessionId && window.rtcgw.tiles.cam0.sessionId !== {PageProbe.Js(victimId)} && window.rtcgw.tiles.cam0.status === 'live'",
            null, new PageWaitForFunctionOptions { Timeout = 40_000, PollingInterval = 250 });
        output.WriteLine($"victim after SIGCONT: {await victim.DescribeAsync()} (frames before {before})");
        Assert.All(others, p => Assert.Empty(p.Errors));
        Assert.All(gw.Sessions.Sessions.Where(s => s.CameraId == "cam0" && s.Id != victimId), s => Assert.True(s.IsConnected));
    }

    /// <summary>Opens the victim page in a browser context of its own and three other viewers in another, waits until all
    /// four play cam0, and finds the victim's server session.</summary>
    private async Task<Audience> OpenAudienceAsync(GatewayInstance gw)
    {
        IBrowserContext victimContext = await fixture.Chromium.Browser.NewContextAsync();
        IBrowserContext othersContext = await fixture.Chromium.Browser.NewContextAsync();
        try
        {
            PageProbe victim = await PageProbe.OpenViewerAsync(victimContext, gw, "cam0", "victim");
            List<PageProbe> others = await PageProbe.OpenPlayingViewersAsync(othersContext, gw, "cam0", 3);
            await victim.WaitForFramesAsync(5, gw);
            string victimId = await victim.Page.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.sessionId");
            Assert.True(gw.Sessions.TryGetSession(victimId, out ViewerSession? victimSession));
            return new Audience(victimContext, othersContext, victim, others, victimId, victimSession!);
        }
        catch
        {
            await othersContext.DisposeAsync();
            await victimContext.DisposeAsync();
            throw;
        }
    }

    private sealed record Audience(IBrowserContext VictimContext, IBrowserContext OthersContext, PageProbe Victim,
        List<PageProbe> Others, string VictimId, ViewerSession VictimSession) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await OthersContext.DisposeAsync();
            await VictimContext.DisposeAsync();
        }
    }

    private static string Describe(ViewerSession s) =>
        $"connected={s.IsConnected} closed={s.Closed.IsCompleted} ({s.CloseReason}) framesDropped={s.FramesDropped} framesSent={s.Stats.FramesSent} rtt={s.Stats.RoundTripTimeMs}";
}
