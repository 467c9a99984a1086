using System.Text.Json;
using Microsoft.Playwright;

namespace RtcGateway.Benchmarks;

/// <summary>
/// The viewers benchmark's page: served at <c>{gateway}/bench.html</c> by Playwright request interception (same origin
/// as the gateway, so it can POST WHEP offers), it holds N WHEP receivers (RTCPeerConnection + small &lt;video&gt;).
/// Per receiver it records time to first frame (new RTCPeerConnection → first requestVideoFrameCallback) and, while
/// collecting, one capture → display latency sample per presented frame from abs-capture-time (the method of
/// web/src/latency.ts: NTP ms − 2 208 988 800 000, extrapolated by the 90 kHz RTP timestamp difference, against
/// <c>performance.timeOrigin + expectedDisplayTime</c>).
/// </summary>
public sealed class ViewerBenchmarkPage
{
    private const string Html = """
        <!doctype html><html><head><meta charset="utf-8"><title>rtcgw bench</title>
        <style>body{margin:0;background:#000} video{width:64px;height:36px;display:inline-block}</style></head>
        <body><script>
        window.bench = (() => {
          const ACT = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
          const PLAYOUT = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';
          const NTP_UNIX_MS = 2208988800000;
          const viewers = [];
          let collecting = false;
          const rank = c => {
            if (c.mimeType.toLowerCase() !== 'video/h264') return 3;
            const f = (c.sdpFmtpLine || '').toLowerCase();
            return f.includes('packetization-mode=1') ? (f.includes('profile-level-id=42e0') ? 0 : 1) : 2;
          };
          async function join(camera) {
            const v = { t0: performance.now(), firstFrameMs: null, samples: [], location: null, error: null, closed: false };
            viewers.push(v);
            try {
              const pc = v.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
              const tr = v.tr = pc.addTransceiver('video', { direction: 'recvonly' });
              if (tr.getHeaderExtensionsToNegotiate && tr.setHeaderExtensionsToNegotiate) {
                tr.setHeaderExtensionsToNegotiate(tr.getHeaderExtensionsToNegotiate().map(e => ({ uri: e.uri,
                  direction: (e.uri === ACT || e.uri === PLAYOUT) && e.direction === 'stopped' ? 'sendrecv' : e.direction })));
              }
              tr.setCodecPreferences([...RTCRtpReceiver.getCapabilities('video').codecs].sort((a, b) => rank(a) - rank(b)));
              tr.receiver.jitterBufferTarget = 0;
              const video = v.video = document.createElement('video');
              video.muted = true; video.autoplay = true; video.playsInline = true;
              document.body.append(video);
              pc.ontrack = e => { video.srcObject = new MediaStream([e.track]); video.play().catch(() => {}); };
              const onFrame = (now, meta) => {
                if (v.closed) return;
                if (v.firstFrameMs === null) v.firstFrameMs = performance.now() - v.t0;
                if (collecting) {
                  const s = tr.receiver.getSynchronizationSources().find(x => x.captureTimestamp !== undefined);
                  if (s) {
                    const ticks = ((meta.rtpTimestamp - s.rtpTimestamp) | 0);
                    if (Math.abs(ticks) < 900000) {
                      const captureUnixMs = s.captureTimestamp - (s.senderCaptureTimeOffset ?? 0) - NTP_UNIX_MS + ticks / 90;
                      v.samples.push(performance.timeOrigin + meta.expectedDisplayTime - captureUnixMs);
                    }
                  }
                }
                video.requestVideoFrameCallback(onFrame);
              };
              video.requestVideoFrameCallback(onFrame);
              const offer = await pc.createOffer();
              await pc.setLocalDescription(offer);
              const res = await fetch(`api/cameras/${encodeURIComponent(camera)}/whep`,
                { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
              const body = await res.text();
              if (res.status !== 201) throw new Error(`${res.status} ${body}`);
              v.location = res.headers.get('Location');
              await pc.setRemoteDescription({ type: 'answer', sdp: body });
            } catch (e) {
              v.error = String(e);
            }
            return viewers.length - 1;
          }
          function close(i) {
            const v = viewers[i];
            if (!v || v.closed) return;
            v.closed = true;
            v.pc?.close();
            v.video?.remove();
            if (v.location) fetch(v.location, { method: 'DELETE' }).catch(() => {});
          }
          async function stats() {
            const out = [];
            for (const v of viewers) {
              if (v.closed || !v.pc) continue;
              let frames = 0, ts = performance.timeOrigin + performance.now(), dropped = 0;
              (await v.pc.getStats()).forEach(s => {
                if (s.type === 'inbound-rtp' && s.kind === 'video') { frames = s.framesDecoded || 0; dropped = s.framesDropped || 0; ts = s.timestamp; }
              });
              out.push({ frames, ts, dropped });
            }
            return out;
          }
          function takeSamples() {
            const all = [];
            for (const v of viewers) { all.push(...v.samples); v.samples.length = 0; }
            return all;
          }
          return { join, close, stats, takeSamples, viewers,
                   collect: on => { collecting = on; },
                   firstFrame: i => viewers[i].firstFrameMs, error: i => viewers[i].error,
                   open: () => viewers.filter(v => !v.closed).length };
        })();
        </script></body></html>
        """;

    private readonly IPage _page;

    private ViewerBenchmarkPage(IPage page) => _page = page;

    /// <summary>Opens the page on the gateway's origin (the page itself is served by interception, not the gateway).</summary>
    public static async Task<ViewerBenchmarkPage> OpenAsync(IBrowser browser, string baseUrl)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 800, Height = 400 } });
        await page.RouteAsync(baseUrl + "/bench.html", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = Html,
        }));
        await page.GotoAsync(baseUrl + "/bench.html");
        return new ViewerBenchmarkPage(page);
    }

    /// <summary>Starts one WHEP receiver; returns its index (negotiation finished or failed).</summary>
    public async Task<int> JoinAsync(string cameraId)
    {
        int index = await _page.EvaluateAsync<int>("c => window.bench.join(c)", cameraId);
        string? error = await _page.EvaluateAsync<string?>("i => window.bench.error(i)", index);
        return error is null ? index : throw new InvalidOperationException("join failed: " + error);
    }

    /// <summary>Waits for the receiver's first presented frame; returns new RTCPeerConnection → first frame, ms.</summary>
    public async Task<double> WaitFirstFrameAsync(int index, int timeoutMs = 20_000)
    {
        await _page.WaitForFunctionAsync("i => window.bench.firstFrame(i) !== null || window.bench.error(i) !== null", index,
            new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 20 });
        string? error = await _page.EvaluateAsync<string?>("i => window.bench.error(i)", index);
        return error is null ? await _page.EvaluateAsync<double>("i => window.bench.firstFrame(i)", index) : throw new InvalidOperationException(error);
    }

    public Task CloseAsync(int index) => _page.EvaluateAsync("i => window.bench.close(i)", index);

    public Task CollectAsync(bool on) => _page.EvaluateAsync("on => window.bench.collect(on)", on);

    /// <summary>Latency samples (ms) of all receivers since the last call.</summary>
    public async Task<double[]> TakeSamplesAsync() => await _page.EvaluateAsync<double[]>("() => window.bench.takeSamples()");

    /// <summary>Per open receiver: framesDecoded, the stats report timestamp (Unix ms), framesDropped.</summary>
    public async Task<(long Frames, double TimestampMs, long Dropped)[]> StatsAsync()
    {
        JsonElement json = await _page.EvaluateAsync<JsonElement>("() => window.bench.stats()");
        return json.EnumerateArray()
            .Select(e => (e.GetProperty("frames").GetInt64(), e.GetProperty("ts").GetDouble(), e.GetProperty("dropped").GetInt64()))
            .ToArray();
    }

    public Task DisposeAsync() => _page.CloseAsync();
}
