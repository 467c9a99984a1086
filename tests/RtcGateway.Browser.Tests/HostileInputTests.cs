using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using RtcGateway.Server.Sessions;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// Malformed SDP, unknown cameras and garbage datagrams get their errors (or are counted and dropped) while a viewer
/// page and a WHEP page keep playing.
/// </summary>
public class HostileInputTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Fps = 15;

    private const string OfferJs = """
        async () => {
          const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
          pc.addTransceiver('video', { direction: 'recvonly' });
          const offer = await pc.createOffer();
          pc.close();
          return offer.sdp;
        }
        """;

    [Fact]
    public async Task Malformed_sdp_and_unknown_cameras_get_4xx_text_reasons_and_the_viewers_keep_playing()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe viewer = await PageProbe.OpenViewerAsync(context, gw, "cam0", "viewer");
        PageProbe whep = await PageProbe.OpenWhepAsync(context, gw, "cam0", "whep");
        await viewer.WaitForFramesAsync(5, gw);
        await whep.WaitForFramesAsync(5, gw);
        string[] liveSessions = gw.Sessions.Sessions.Select(s => s.Id).Order().ToArray();
        using var http = new HttpClient { BaseAddress = new Uri(gw.BaseUrl) };
        string realOffer = await viewer.Page.EvaluateAsync<string>(OfferJs);
        byte[] noise = new byte[3000];
        new Random(4).NextBytes(noise);
        string[] lines = realOffer.Split("\r\n");

        var malformed = new (string Name, HttpContent Body)[]
        {
            ("garbage text", Sdp("hello\r\nworld\r\n")),
            ("empty body", Sdp("")),
            ("random bytes", new ByteArrayContent(noise) { Headers = { ContentType = new("application/sdp") } }),
            ("truncated offer", Sdp(string.Join("\r\n", lines.Take(lines.Length / 3)) + "\r\n")),
            ("offer without a=fingerprint", Sdp(string.Join("\r\n", lines.Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal))))),
            ("audio-only offer", Sdp("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=setup:actpass\r\na=mid:0\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n")),
        };
        foreach ((string name, HttpContent body) in malformed)
        {
            using HttpResponseMessage r = await http.PostAsync("/api/cameras/cam0/whep", body);
            string reason = await r.Content.ReadAsStringAsync();
            output.WriteLine($"{name}: {(int)r.StatusCode} {reason}");
            Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable, $"{name}: {(int)r.StatusCode} {reason}");
            Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
            Assert.False(string.IsNullOrWhiteSpace(reason), name + ": empty reason");
            Assert.Null(r.Headers.Location);
        }

        using (HttpResponseMessage r = await http.PostAsync("/api/cameras/nosuchcam/whep", Sdp(realOffer)))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Contains("unknown camera 'nosuchcam'", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (HttpResponseMessage r = await http.PostAsync("/api/cameras/nosuchcam/whep", Sdp("garbage")))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        using (HttpResponseMessage r = await http.PostAsync("/api/cameras/cam0/whep", new StringContent(realOffer, Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        }

        using (HttpResponseMessage r = await http.DeleteAsync("/api/cameras/cam0/whep/00112233445566778899aabb"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        // Positive control: the same real offer is accepted (so the rejections above were about the damage), then deleted.
        using (HttpResponseMessage r = await http.PostAsync("/api/cameras/cam0/whep", Sdp(realOffer)))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            Assert.StartsWith("v=0", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using HttpResponseMessage patch = await http.PatchAsync(r.Headers.Location, Sdp("a=end-of-candidates\r\n"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
            using HttpResponseMessage delete = await http.DeleteAsync(r.Headers.Location);
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        RateSample rate = await PageProbe.MeasureRatesAsync([viewer, whep], gw, "cam0", TimeSpan.FromSeconds(4));
        output.WriteLine($"after the bad requests: {rate}");
        rate.AssertAllAtSourceRate(Fps, "after malformed requests");
        Assert.Equal(liveSessions, gw.Sessions.Sessions.Select(s => s.Id).Order().ToArray());
        Assert.Empty(viewer.Errors);
        Assert.Empty(whep.Errors);
    }

    [Fact]
    public async Task Garbage_datagrams_on_the_udp_port_are_counted_and_every_session_keeps_playing()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps));
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe viewer = await PageProbe.OpenViewerAsync(context, gw, "cam0", "viewer");
        PageProbe whep = await PageProbe.OpenWhepAsync(context, gw, "cam0", "whep");
        await viewer.WaitForFramesAsync(5, gw);
        await whep.WaitForFramesAsync(5, gw);
        ViewerSession[] sessions = gw.Sessions.Sessions.ToArray();
        Assert.Equal(2, sessions.Length);

        List<byte[]> unroutable = GarbageDatagrams.Unroutable(seed: 7, count: 5000);
        // STUN checks naming the live sessions' ufrags with a wrong MESSAGE-INTEGRITY: routed to them, must be rejected.
        List<byte[]> forged = sessions.SelectMany((s, i) => GarbageDatagrams.ForgedChecks(seed: 100 + i, s.LocalUfrag, 500)).ToList();
        Assert.True(unroutable.Where(d => d.Length > 0).Select(d => d[0]).Distinct().Count() == 256, "every first-byte value is covered");
        long unroutedBefore = gw.Sessions.UnroutedDatagrams;

        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, gw.UdpPort);
        Task<RateSample> during = PageProbe.MeasureRatesAsync([viewer, whep], gw, "cam0", TimeSpan.FromSeconds(5));
        int sent = 0;
        foreach (byte[] d in Interleave(unroutable, forged))
        {
            await udp.SendAsync(d, target);
            if (++sent % 200 == 0)
            {
                await Task.Delay(10); // ~20k datagrams/s: a flood, but within the 4 MB socket buffer
            }
        }

        RateSample rateDuring = await during;
        await Task.Delay(500);
        long unrouted = gw.Sessions.UnroutedDatagrams - unroutedBefore;
        output.WriteLine($"sent {unroutable.Count} unroutable + {forged.Count} forged STUN checks; unrouted counted {unrouted}; during: {rateDuring}");
        RateSample after = await PageProbe.MeasureRatesAsync([viewer, whep], gw, "cam0", TimeSpan.FromSeconds(4));
        output.WriteLine($"after: {after}");
        output.WriteLine(gw.DescribeSessions());

        // Every unroutable datagram is counted, plus the mangled forged checks (their USERNAME cannot be read); the
        // well-formed forged checks reach their session (and are rejected there: it stays connected, below).
        int expected = unroutable.Count + sessions.Length * Enumerable.Range(0, 500).Count(GarbageDatagrams.IsMangledCheck);
        Assert.True(unrouted >= expected * 95 / 100, $"gateway counted {unrouted} unrouted, expected {expected}\n{gw.Diagnostics()}");
        Assert.True(unrouted <= expected + 20, $"gateway counted {unrouted} unrouted, expected {expected}: well-formed forged checks were not routed by ufrag?");
        rateDuring.AssertAllAtSourceRate(Fps, "during the flood");
        after.AssertAllAtSourceRate(Fps, "after the flood");
        Assert.All(sessions, s => Assert.True(s.IsConnected && !s.Closed.IsCompleted, $"session {s.Id} hurt: {s.CloseReason}"));
        Assert.Equal(sessions.Select(s => s.Id).Order(), gw.Sessions.Sessions.Select(s => s.Id).Order());
        Assert.Empty(viewer.Errors);
        Assert.Empty(whep.Errors);
    }

    private static IEnumerable<byte[]> Interleave(List<byte[]> a, List<byte[]> b)
    {
        int n = Math.Max(a.Count, b.Count);
        for (int i = 0; i < n; i++)
        {
            if (i < a.Count)
            {
                yield return a[i];
            }

            if (i < b.Count)
            {
                yield return b[i];
            }
        }
    }

    private static StringContent Sdp(string text) => new(text, Encoding.UTF8, "application/sdp");
}
