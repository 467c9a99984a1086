using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>Repeated WHEP joins on a running camera, from one page (RTCPeerConnection → first presented frame).</summary>
public class JoinTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string JoinPage = """
        <!doctype html><html><body><script>
        window.joins = [];
        window.join = async (camera) => {
          const v = { t0: performance.now(), first: null, error: null };
          window.joins.push(v);
          try {
            const pc = v.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            pc.addTransceiver('video', { direction: 'recvonly' });
            const video = v.video = document.createElement('video');
            video.muted = true; video.autoplay = true; document.body.append(video);
            pc.ontrack = e => { video.srcObject = new MediaStream([e.track]); video.play().catch(() => {}); };
            video.requestVideoFrameCallback(() => { v.first = performance.now() - v.t0; });
            const offer = await pc.createOffer();
            await pc.setLocalDescription(offer);
            const res = await fetch(`api/cameras/${camera}/whep`, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
            const body = await res.text();
            if (res.status !== 201) throw new Error(res.status + ' ' + body);
            v.location = res.headers.get('Location');
            await pc.setRemoteDescription({ type: 'answer', sdp: body });
          } catch (e) { v.error = String(e); }
          return window.joins.length - 1;
        };
        window.leave = async (i) => {
          const v = window.joins[i];
          v.pc.close(); v.video.remove();
          await fetch(v.location, { method: 'DELETE' });
        };
        </script></body></html>
        """;

    /// <summary>
    /// Regression: the gateway answered the browser's first ICE check before it routed the browser's address to the
    /// session, so a DTLS ClientHello sent right after the STUN success response could arrive first, be counted as
    /// unrouted and dropped; the browser then retransmitted it a few hundred ms later (time to first frame ≈ +300 ms on
    /// some joins). No datagram of a joining viewer may be unrouted.
    /// </summary>
    [Fact]
    public async Task No_datagram_of_a_joining_viewer_is_unrouted()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, 15));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.RouteAsync(gw.BaseUrl + "/join.html", r => r.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = JoinPage }));
        await page.GotoAsync(gw.BaseUrl + "/join.html");

        // A first viewer keeps the camera running.
        int anchor = await JoinAsync(page, gw);
        var firstFrameMs = new List<double>();
        var unroutedPerJoin = new List<long>();
        for (int i = 0; i < 15; i++)
        {
            long before = gw.Sessions.UnroutedDatagrams;
            int v = await JoinAsync(page, gw);
            unroutedPerJoin.Add(gw.Sessions.UnroutedDatagrams - before);
            firstFrameMs.Add(await page.EvaluateAsync<double>("i => window.joins[i].first", v));
            await page.EvaluateAsync("i => window.leave(i)", v);
            await Task.Delay(200);
        }

        output.WriteLine("time to first frame, ms: " + string.Join(", ", firstFrameMs.Select(x => x.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        output.WriteLine("unrouted datagrams per join: " + string.Join(", ", unroutedPerJoin));
        Assert.True(anchor == 0);
        Assert.All(unroutedPerJoin, n => Assert.Equal(0, n));
    }

    /// <summary>
    /// Regression: attaching a viewer requested a keyframe at once, before ICE/DTLS completed; on loopback that IDR
    /// arrived before the session could send it and was skipped, and the request made on connection was then deferred by
    /// the camera's minimum keyframe spacing (time to first frame ≈ +250 ms, bimodal). Here the spacing is 1 s and the
    /// periodic IDR 10 s apart, joins 1.3 s apart: every join must get the IDR requested when it connected.
    /// </summary>
    [Fact]
    public async Task A_joining_viewer_gets_the_keyframe_it_requested_on_connection()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, 15),
            "--Gateway:Cameras:0:KeyframeMinSpacingMs=1000",
            "--Gateway:Cameras:0:KeyframeIntervalMs=10000",
            "--Logging:LogLevel:RtcGateway.Server.Sessions.ViewerSession=Debug",
            "--Logging:LogLevel:RtcGateway.Media.Cameras.Camera=Debug",
        ]);
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        await page.RouteAsync(gw.BaseUrl + "/join.html", r => r.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = JoinPage }));
        await page.GotoAsync(gw.BaseUrl + "/join.html");
        await JoinAsync(page, gw);
        var firstFrameMs = new List<double>();
        for (int i = 0; i < 8; i++)
        {
            await Task.Delay(1300);
            int v = await JoinAsync(page, gw);
            firstFrameMs.Add(await page.EvaluateAsync<double>("i => window.joins[i].first", v));
            await page.EvaluateAsync("i => window.leave(i)", v);
        }

        output.WriteLine("time to first frame, ms: " + string.Join(", ", firstFrameMs.Select(x => x.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        output.WriteLine(gw.Logs.Tail(400));
        // A deferred request would cost up to the 1 s spacing; a served one ≈ ICE + DTLS + one frame (≈ 50–150 ms here).
        // Before the fix 3 of 8 joins waited ≈ 1 s. A second cause was thread-pool starvation: the first viewer's loop
        // stalled ~0.5 s after connecting, overflowed its queue and its keyframe request deferred the next join (fixed by
        // raising the pool's minimum threads in GatewayHost). One slow join of eight is tolerated for a loaded CI host.
        string all = string.Join(", ", firstFrameMs.Select(x => x.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(firstFrameMs.Count(ms => ms >= 700) <= 1, $"joins waited for a deferred keyframe: {all} ms");
        Assert.True(firstFrameMs.Order().ElementAt(firstFrameMs.Count / 2) < 300, $"median time to first frame too high: {all} ms");
    }

    private static async Task<int> JoinAsync(IPage page, GatewayInstance gw)
    {
        int index = await page.EvaluateAsync<int>("c => window.join(c)", "cam0");
        try
        {
            await page.WaitForFunctionAsync("i => window.joins[i].first !== null || window.joins[i].error !== null", index,
                new PageWaitForFunctionOptions { Timeout = 20_000, PollingInterval = 10 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("no first frame\n" + gw.Diagnostics());
        }

        Assert.Null(await page.EvaluateAsync<string?>("i => window.joins[i].error", index));
        return index;
    }
}
