using Microsoft.Playwright;
using RtcGateway.Server.Sessions;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>Ten viewer pages (ten RTCPeerConnections, each with its own SignalR connection) on one camera.</summary>
public class ManyViewersTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Viewers = 10;
    private const int Fps = 15;

    [Fact]
    public async Task Ten_viewers_decode_at_the_source_rate_for_30_s_and_closing_one_does_not_disturb_the_others()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        List<PageProbe> probes = await PageProbe.OpenPlayingViewersAsync(context, gw, "cam0", Viewers);

        Assert.Equal(Viewers, gw.Sessions.Sessions.Count(s => s.IsConnected));
        Assert.Equal(Viewers, gw.Sessions.ViewerCount("cam0"));
        await Task.Delay(1000); // every viewer past its first keyframe

        RateSample all = await PageProbe.MeasureRatesAsync(probes, gw, "cam0", TimeSpan.FromSeconds(30));
        output.WriteLine($"10 viewers, 30 s: {all}");
        output.WriteLine(gw.DescribeSessions());
        all.AssertAllAtSourceRate(Fps, "10 viewers for 30 s");

        // Close one tab: its hub connection ends, so does its session; the others keep the rate.
        PageProbe closed = probes[0];
        string closedSessionId = await closed.Page.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.sessionId");
        Assert.True(gw.Sessions.TryGetSession(closedSessionId, out ViewerSession? closedSession));
        await closed.Page.CloseAsync();
        await closedSession!.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(Viewers - 1, gw.Sessions.ViewerCount("cam0"));

        List<PageProbe> rest = probes.Skip(1).ToList();
        RateSample after = await PageProbe.MeasureRatesAsync(rest, gw, "cam0", TimeSpan.FromSeconds(10));
        output.WriteLine($"after closing one ({closedSession.CloseReason}): {after}");
        after.AssertAllAtSourceRate(Fps, "9 viewers after one closed");
        Assert.All(after.FinalFrames.Zip(all.FinalFrames.Skip(1)), pair => Assert.True(pair.First > pair.Second));
        Assert.All(rest, p => Assert.Empty(p.Errors));
        Assert.Equal(Viewers - 1, gw.Sessions.Sessions.Count(s => s.IsConnected));
    }
}
