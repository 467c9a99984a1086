using System.Text.Json;
using Microsoft.Playwright;

namespace RtcGateway.Benchmarks;

/// <summary>
/// The impaired-network benchmark's page, served by Playwright request interception on the gateway's origin. It runs one
/// receiver at a time, fed by either sender:
/// <list type="bullet">
/// <item><b>gateway</b>: a WHEP receiver of the gateway's camera (H.264, abs-capture-time and playout-delay negotiated,
/// <c>jitterBufferTarget = 0</c>), exactly like the viewers benchmark;</item>
/// <item><b>reference</b>: Chromium's own libwebrtc sender (GCC congestion control, pacing, RTX): a 1280x720 canvas
/// with moving content captured at the camera's rate, sent over an RTCPeerConnection to a second RTCPeerConnection in
/// the same page through the same impaired UDP path; H.264 preferred, <c>maxBitrate</c> = the gateway camera's
/// <c>BitrateKbps</c>, abs-capture-time negotiated on both sides.</item>
/// </list>
/// Per presented frame (requestVideoFrameCallback) it records capture → display latency from abs-capture-time (the
/// method of web/src/latency.ts) and the gap since the previous presented frame (the longest gap of a bucket is its
/// worst freeze); <see cref="SampleAsync"/> returns the bucket's samples with the receiver's inbound-rtp counters
/// (framesDecoded, freezeCount, totalFreezesDuration, bytes, packetsLost, nackCount) and, for the reference sender, its
/// outbound-rtp <c>targetBitrate</c>.
/// </summary>
public sealed class ImpairedNetworkPage
{
    private const string Html = """
        <!doctype html><html><head><meta charset="utf-8"><title>rtcgw impaired</title>
        <style>body{margin:0;background:#000} video{width:320px;height:180px}</style></head>
        <body><script>
        window.imp = (() => {
          const ACT = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
          const PLAYOUT = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';
          const NTP_UNIX_MS = 2208988800000;
          const st = { samples: [], maxGapMs: 0, lastFrameAt: null, frames: 0, error: null, rx: null, tx: null, pcs: [], timer: null };
          const enableExtensions = tr => {
            if (tr.getHeaderExtensionsToNegotiate && tr.setHeaderExtensionsToNegotiate) {
              tr.setHeaderExtensionsToNegotiate(tr.getHeaderExtensionsToNegotiate().map(e => ({ uri: e.uri,
                direction: (e.uri === ACT || e.uri === PLAYOUT) && e.direction === 'stopped' ? 'sendrecv' : e.direction })));
            }
          };
          const rank = c => {
            if (c.mimeType.toLowerCase() !== 'video/h264') return c.mimeType.toLowerCase() === 'video/rtx' ? 4 : 5;
            const f = (c.sdpFmtpLine || '').toLowerCase();
            return f.includes('packetization-mode=1') ? (f.includes('profile-level-id=42e0') ? 0 : 1) : 2;
          };
          const preferH264 = (tr, caps) => tr.setCodecPreferences([...caps.codecs].sort((a, b) => rank(a) - rank(b)));
          function attachReceiver(tr, pc) {
            st.rx = { tr, pc };
            tr.receiver.jitterBufferTarget = 0;
            const video = document.createElement('video');
            video.muted = true; video.autoplay = true; video.playsInline = true;
            document.body.append(video);
            // The receiver's track exists from the start (unified plan); attach it now, ontrack may already have fired.
            video.srcObject = new MediaStream([tr.receiver.track]);
            video.play().catch(() => {});
            const onFrame = (now, meta) => {
              st.frames++;
              const t = performance.now();
              if (st.lastFrameAt !== null) st.maxGapMs = Math.max(st.maxGapMs, t - st.lastFrameAt);
              st.lastFrameAt = t;
              const s = tr.receiver.getSynchronizationSources().find(x => x.captureTimestamp !== undefined);
              if (s) {
                const ticks = ((meta.rtpTimestamp - s.rtpTimestamp) | 0);
                if (Math.abs(ticks) < 900000) {
                  const captureUnixMs = s.captureTimestamp - (s.senderCaptureTimeOffset ?? 0) - NTP_UNIX_MS + ticks / 90;
                  st.samples.push(performance.timeOrigin + meta.expectedDisplayTime - captureUnixMs);
                }
              }
              video.requestVideoFrameCallback(onFrame);
            };
            video.requestVideoFrameCallback(onFrame);
          }
          async function gateway(camera) {
            const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
            st.pcs.push(pc);
            const tr = pc.addTransceiver('video', { direction: 'recvonly' });
            enableExtensions(tr);
            preferH264(tr, RTCRtpReceiver.getCapabilities('video'));
            attachReceiver(tr, pc);
            const offer = await pc.createOffer();
            await pc.setLocalDescription(offer);
            const res = await fetch(`api/cameras/${encodeURIComponent(camera)}/whep`,
              { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
            const body = await res.text();
            if (res.status !== 201) throw new Error(`WHEP ${res.status} ${body}`);
            st.location = res.headers.get('Location');
            await pc.setRemoteDescription({ type: 'answer', sdp: body });
          }
          async function reference(width, height, fps, maxKbps) {
            // Camera permission (granted by --use-fake-ui-for-media-stream) makes Chromium expose real host candidates
            // (here 127.0.0.1 on the namespace's veth) instead of none; the fake camera itself is not sent.
            (await navigator.mediaDevices.getUserMedia({ video: true })).getTracks().forEach(t => t.stop());
            const canvas = document.createElement('canvas');
            canvas.width = width; canvas.height = height;
            const g = canvas.getContext('2d');
            let n = 0;
            // Moving content with detail (like a camera looking at a scene while driving): a scrolling colour field,
            // moving boxes, fine stripes and a running clock. It costs more bits than any target used here.
            const draw = () => {
              n++;
              const hue = (n * 2) % 360;
              g.fillStyle = `hsl(${hue},60%,40%)`; g.fillRect(0, 0, width, height);
              for (let i = 0; i < 48; i++) {
                const x = (i * 97 + n * (3 + i % 7)) % width, y = (i * 53 + n * (2 + i % 5)) % height;
                g.fillStyle = `hsl(${(hue + i * 37) % 360},80%,${30 + (i % 5) * 12}%)`;
                g.fillRect(x, y, 40 + (i % 9) * 12, 30 + (i % 7) * 10);
              }
              for (let x = (n * 4) % 8; x < width; x += 8) { g.fillStyle = (x / 8) % 2 ? '#fff' : '#000'; g.fillRect(x, height - 60, 4, 60); }
              g.fillStyle = '#fff'; g.font = '48px monospace'; g.fillText(new Date().toISOString(), 20, 60);
            };
            draw();
            st.timer = setInterval(draw, 1000 / fps);
            const track = canvas.captureStream(fps).getVideoTracks()[0];
            const pc1 = new RTCPeerConnection(), pc2 = new RTCPeerConnection();
            st.pcs.push(pc1, pc2);
            pc1.onicecandidate = e => e.candidate && pc2.addIceCandidate(e.candidate);
            pc2.onicecandidate = e => e.candidate && pc1.addIceCandidate(e.candidate);
            const tx = pc1.addTransceiver(track, { direction: 'sendonly', sendEncodings: [{ maxBitrate: maxKbps * 1000, maxFramerate: fps }] });
            enableExtensions(tx);
            preferH264(tx, RTCRtpReceiver.getCapabilities('video'));
            st.tx = { tr: tx, pc: pc1 };
            await pc1.setLocalDescription();
            await pc2.setRemoteDescription(pc1.localDescription);
            const rx = pc2.getTransceivers()[0];
            rx.direction = 'recvonly';
            enableExtensions(rx);
            attachReceiver(rx, pc2);
            await pc2.setLocalDescription();
            await pc1.setRemoteDescription(pc2.localDescription);
          }
          async function sample() {
            const out = { samples: st.samples.splice(0), maxGapMs: st.maxGapMs, presented: st.frames, framesDecoded: 0, freezeCount: 0,
              totalFreezesDuration: 0, bytes: 0, packetsLost: 0, nackCount: 0, retransmitted: 0, targetBitrate: null, codec: null, ts: Date.now() };
            st.maxGapMs = 0;
            if (st.rx) {
              const r = await st.rx.pc.getStats();
              r.forEach(s => {
                if (s.type === 'inbound-rtp' && s.kind === 'video') {
                  out.framesDecoded = s.framesDecoded || 0; out.freezeCount = s.freezeCount || 0;
                  out.totalFreezesDuration = s.totalFreezesDuration || 0;
                  out.bytes = (s.bytesReceived || 0) + (s.headerBytesReceived || 0);
                  out.packetsLost = s.packetsLost || 0; out.nackCount = s.nackCount || 0;
                  out.retransmitted = s.retransmittedPacketsReceived || 0;
                  const c = s.codecId && r.get(s.codecId); if (c) out.codec = c.mimeType;
                }
              });
            }
            if (st.tx) {
              (await st.tx.pc.getStats()).forEach(s => {
                if (s.type === 'outbound-rtp' && s.kind === 'video' && s.targetBitrate !== undefined) out.targetBitrate = s.targetBitrate;
              });
            }
            return out;
          }
          function close() {
            if (st.timer) clearInterval(st.timer);
            for (const pc of st.pcs) pc.close();
            if (st.location) fetch(st.location, { method: 'DELETE' }).catch(() => {});
          }
          const state = async () => {
            const parts = st.pcs.map(pc => `${pc.connectionState}/${pc.iceConnectionState}`);
            const cands = [];
            for (const pc of st.pcs) (await pc.getStats()).forEach(s => { if (s.type === 'local-candidate') cands.push(`${s.address}:${s.port}/${s.protocol}`); });
            return `pcs ${parts.join(' ')}; local candidates ${cands.join(' ')}; frames ${st.frames}`;
          };
          return { gateway, reference, sample, close, state, frames: () => st.frames };
        })();
        </script></body></html>
        """;

    private readonly IPage _page;

    private ImpairedNetworkPage(IPage page) => _page = page;

    /// <summary>Opens a fresh page on the gateway's origin.</summary>
    public static async Task<ImpairedNetworkPage> OpenAsync(IBrowser browser, string baseUrl)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 700, Height = 400 } });
        await page.RouteAsync(baseUrl + "/impaired.html", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = Html,
        }));
        await page.GotoAsync(baseUrl + "/impaired.html");
        return new ImpairedNetworkPage(page);
    }

    /// <summary>Starts the WHEP receiver of <paramref name="camera"/>.</summary>
    public Task StartGatewayAsync(string camera) => _page.EvaluateAsync("c => window.imp.gateway(c)", camera);

    /// <summary>Starts Chromium's own sender and its receiver in this page.</summary>
    public Task StartReferenceAsync(int width, int height, int fps, int maxKbps) =>
        _page.EvaluateAsync("a => window.imp.reference(a[0], a[1], a[2], a[3])", new[] { width, height, fps, maxKbps });

    /// <summary>Waits until <paramref name="frames"/> frames were presented.</summary>
    /// <exception cref="TimeoutException">No such frames in time; the message carries the connections' states and
    /// local candidates.</exception>
    public async Task WaitFramesAsync(int frames, int timeoutMs = 30_000)
    {
        try
        {
            await _page.WaitForFunctionAsync("n => window.imp.frames() >= n", frames,
                new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            string state = await _page.EvaluateAsync<string>("() => window.imp.state()");
            throw new TimeoutException($"no {frames} frames within {timeoutMs} ms: {state}");
        }
    }

    /// <summary>The bucket's samples since the last call and the receiver's (and reference sender's) counters now.</summary>
    public async Task<ImpairedSample> SampleAsync()
    {
        JsonElement j = await _page.EvaluateAsync<JsonElement>("() => window.imp.sample()");
        JsonElement target = j.GetProperty("targetBitrate");
        return new ImpairedSample(
            j.GetProperty("samples").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            j.GetProperty("maxGapMs").GetDouble(),
            j.GetProperty("presented").GetInt64(),
            j.GetProperty("framesDecoded").GetInt64(),
            j.GetProperty("freezeCount").GetInt64(),
            j.GetProperty("totalFreezesDuration").GetDouble(),
            j.GetProperty("bytes").GetInt64(),
            j.GetProperty("packetsLost").GetInt64(),
            j.GetProperty("nackCount").GetInt64(),
            j.GetProperty("retransmitted").GetInt64(),
            target.ValueKind == JsonValueKind.Number ? target.GetDouble() : null,
            j.GetProperty("codec").ValueKind == JsonValueKind.String ? j.GetProperty("codec").GetString() : null,
            j.GetProperty("ts").GetDouble());
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _page.EvaluateAsync("() => window.imp.close()");
        }
        catch (PlaywrightException)
        {
        }

        await _page.CloseAsync();
    }
}

/// <summary>One bucket's receiver-side measurements (cumulative counters are totals since the receiver started).</summary>
public sealed record ImpairedSample(double[] LatencyMs, double MaxGapMs, long Presented, long FramesDecoded, long FreezeCount,
    double TotalFreezesDurationS, long Bytes, long PacketsLost, long NackCount, long Retransmitted, double? SenderTargetBps,
    string? Codec, double TimestampMs);
