using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RtcGateway.Server;
using RtcGateway.Server.Control;

namespace RtcGateway.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- control [seconds] [hz] [WxH@fps] [--netns]</c>: the teleoperation
/// control path end to end with a real Chromium (Debian's /usr/bin/chromium via Playwright). An in-process gateway
/// streams cam0 = <c>test</c> 1280x720@30 (x264enc or nvv4l2h264enc) to one page that plays it (framesDecoded must
/// rise) while the page sends, at <c>hz</c> (default 100) for <c>seconds</c> (default 20), one command and one ping per
/// tick on a <c>control</c> channel opened unordered with maxRetransmits 0. Prints:
/// <list type="bullet">
/// <item>ping RTT browser → gateway → browser (performance.now() in the page) p50/p95/p99/max, ms;</item>
/// <item>command one-way browser → robot UDP socket: the page stamps performance.timeOrigin + performance.now() (Unix
/// ms), the robot listener in this process compares with its own clock on arrival — the same machine clock (one host,
/// CLOCK_REALTIME), so the difference is a true one-way delay up to the two clocks' read resolution (~µs);</item>
/// <item>the RTT split at the gateway's <c>gatewayTime</c> (Unix ms, integer: up is biased ≈ −0.5 ms, down ≈ +0.5 ms) and the
/// gateway's own share of the one-way: robot arrival − gateway receivedAt (ms resolution).</item>
/// </list>
/// Target from issue 5: RTT p99 ≤ 5 ms on loopback. With <c>--netns</c> (root, iproute2) Chromium runs in a network
/// namespace of its own and reaches the gateway over a veth pair (<see cref="BenchNetworkNamespace"/>) instead of
/// loopback; the robot stays on the host's loopback.
/// </summary>
public static class ControlLatencyBenchmark
{
    private const string PageScript = """
        async ({ seconds, hz }) => {
          const pc = new RTCPeerConnection();
          const video = document.createElement('video');
          video.muted = true; video.autoplay = true; video.playsInline = true;
          document.body.appendChild(video);
          pc.ontrack = (e) => { video.srcObject = e.streams[0] ?? new MediaStream([e.track]); };
          pc.addTransceiver('video', { direction: 'recvonly' });
          const ch = pc.createDataChannel('control', { ordered: false, maxRetransmits: 0 });
          const opened = new Promise((resolve, reject) => { ch.onopen = resolve; setTimeout(() => reject(new Error('control did not open')), 15000); });
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          const r = await fetch('/api/cameras/cam0/whep', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
          if (r.status !== 201) throw new Error('WHEP ' + r.status + ' ' + await r.text());
          await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
          await opened;
          const framesDecoded = async () => {
            let n = 0;
            (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') n = s.framesDecoded ?? 0; });
            return n;
          };
          const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
          const warm = performance.now();
          while (await framesDecoded() < 30) { if (performance.now() - warm > 20000) throw new Error('video did not start'); await sleep(100); }
          const rtts = [], ups = [], downs = [];
          const unixNow = () => performance.timeOrigin + performance.now();
          ch.onmessage = (e) => {
            const m = JSON.parse(e.data);
            if (m.type !== 'pong') return;
            const now = unixNow();
            rtts.push(now - m.t);
            ups.push(m.gatewayTime - m.t);
            downs.push(now - m.gatewayTime);
          };
          const frames0 = await framesDecoded();
          const count = Math.round(seconds * hz), periodMs = 1000 / hz;
          const start = performance.now();
          let sent = 0;
          await new Promise((resolve) => {
            const tick = () => {
              while (sent < count && start + sent * periodMs <= performance.now()) {
                ch.send(JSON.stringify({ type: 'drive', n: sent, v: 0.5, w: 0, sentAt: unixNow() }));
                ch.send(JSON.stringify({ type: 'ping', id: sent, t: unixNow() }));
                sent++;
              }
              if (sent >= count) resolve(); else setTimeout(tick, Math.max(0, start + sent * periodMs - performance.now()));
            };
            tick();
          });
          const elapsedMs = performance.now() - start;
          const until = performance.now() + 2000;
          while (rtts.length < count && performance.now() < until) await sleep(5);
          const frames1 = await framesDecoded();
          pc.close();
          return { sent, elapsedMs, rtts, ups, downs, frames: frames1 - frames0, width: video.videoWidth, height: video.videoHeight };
        }
        """;

    public static int Run(string[] allArgs)
    {
        bool netns = allArgs.Contains("--netns");
        string[] args = allArgs.Where(a => a != "--netns").ToArray();
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        int hz = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        string video = args.Length > 3 ? args[3] : "1280x720@30";
        string[] parts = video.Split('x', '@');
        if (parts.Length != 3)
        {
            Console.Error.WriteLine("video must be WIDTHxHEIGHT@FPS, e.g. 1280x720@30");
            return 2;
        }

        return RunAsync(seconds, hz, parts[0], parts[1], parts[2], netns).GetAwaiter().GetResult();
    }

    private sealed class PageResult
    {
        public int Sent { get; set; }

        public double ElapsedMs { get; set; }

        public double[] Rtts { get; set; } = [];

        public double[] Ups { get; set; } = [];

        public double[] Downs { get; set; } = [];

        public int Frames { get; set; }

        public int Width { get; set; }

        public int Height { get; set; }
    }

    private static async Task<int> RunAsync(double seconds, int hz, string width, string height, string fps, bool netns)
    {
        using BenchNetworkNamespace? ns = netns ? BenchNetworkNamespace.Create("/usr/bin/chromium") : null;
        string gatewayAddress = ns is null ? "127.0.0.1" : BenchNetworkNamespace.HostAddress;
        using var robot = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int robotPort = ((IPEndPoint)robot.Client.LocalEndPoint!).Port;
        var oneWay = new ConcurrentQueue<(double BrowserToRobot, double GatewayToRobot)>();
        using var stop = new CancellationTokenSource();
        // A blocking receive on its own thread, as a robot process would run it: the measured one-way then holds no
        // thread-pool hand-off of the benchmark's own.
        robot.Client.ReceiveTimeout = 100;
        var listener = new Thread(() =>
        {
            var from = new IPEndPoint(IPAddress.Any, 0);
            while (!stop.IsCancellationRequested)
            {
                byte[] datagram;
                try
                {
                    datagram = robot.Receive(ref from);
                }
                catch (SocketException)
                {
                    continue; // receive timeout: look at the stop flag again
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                double arrival = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                using JsonDocument doc = JsonDocument.Parse(datagram);
                if (doc.RootElement.TryGetProperty("message", out JsonElement message)
                    && message.TryGetProperty("sentAt", out JsonElement sentAt))
                {
                    oneWay.Enqueue((arrival - sentAt.GetDouble(), arrival - doc.RootElement.GetProperty("receivedAt").GetDouble()));
                }
            }
        }) { IsBackground = true, Name = "bench-robot" };
        listener.Start();

        string[] gatewayArgs =
        [
            "--urls", $"http://{gatewayAddress}:0",
            "--Gateway:WebRtc:UdpPort=0",
            $"--Gateway:WebRtc:Candidates:0={gatewayAddress}",
            "--Logging:LogLevel:Default=Warning",
            "--Gateway:Cameras:0:Id=cam0",
            "--Gateway:Cameras:0:Source=test",
            $"--Gateway:Cameras:0:Width={width}",
            $"--Gateway:Cameras:0:Height={height}",
            $"--Gateway:Cameras:0:Framerate={fps}",
            "--Gateway:Cameras:0:BitrateKbps=2500",
            $"--Gateway:Control:ForwardTo=127.0.0.1:{robotPort}",
            "--Gateway:Control:DeadmanTimeoutMs=500",
        ];
        WebApplication app = GatewayHost.Build(gatewayArgs);
        await app.StartAsync();
        string baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        PageResult result;
        try
        {
            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ns?.WrapperPath ?? "/usr/bin/chromium",
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--autoplay-policy=no-user-gesture-required", "--disable-background-timer-throttling",
                    "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                ],
            });
            IPage page = await browser.NewPageAsync();
            await page.GotoAsync(baseUrl + "/healthz"); // any same-origin document can fetch the WHEP endpoint
            result = await page.EvaluateAsync<PageResult>(PageScript, new { seconds, hz });
        }
        finally
        {
            await Task.Delay(300); // let the last datagrams land
            stop.Cancel();
            ControlService control = app.Services.GetRequiredService<ControlService>();
            Console.WriteLine($"gateway: {control.CommandsForwarded} commands forwarded, {control.DeadmanStops} deadman stops");
            await app.StopAsync();
            await app.DisposeAsync();
            listener.Join();
        }

        double[] rtt = result.Rtts.Order().ToArray();
        double[] browserToRobot = oneWay.Select(o => o.BrowserToRobot).Order().ToArray();
        double[] gatewayToRobot = oneWay.Select(o => o.GatewayToRobot).Order().ToArray();
        double decodedFps = result.Frames * 1000 / result.ElapsedMs;
        string where = ns is null ? "browser on loopback" : "browser in a network namespace, over veth to " + gatewayAddress;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; video {result.Width}x{result.Height} decoded at {decodedFps:F1} fps in the page during the run; " +
            $"{result.Sent} commands + {result.Sent} pings at {result.Sent * 1000 / result.ElapsedMs:F1} Hz over {result.ElapsedMs / 1000:F1} s; {where}"));
        Console.WriteLine($"{"path",-50} {"n",6} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
        Print("RTT browser → gateway → browser (ping/pong)", rtt);
        Print("  of which browser → gateway (pong gatewayTime)", result.Ups.Order().ToArray());
        Print("  of which gateway → browser (pong gatewayTime)", result.Downs.Order().ToArray());
        Print("one-way browser → robot UDP (same clock)", browserToRobot);
        Print("  of which gateway receivedAt → robot (1 ms res.)", gatewayToRobot);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"commands received by the robot: {browserToRobot.Length}/{result.Sent}; pongs: {rtt.Length}/{result.Sent}; " +
            $"target RTT p99 ≤ 5 ms: {(rtt.Length > 0 && Percentile(rtt, 99) <= 5 ? "met" : "NOT met")}"));
        return result.Frames > 0 ? 0 : 1;
    }

    private static void Print(string name, double[] sorted)
    {
        if (sorted.Length == 0)
        {
            Console.WriteLine($"{name,-50} {0,6}");
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-50} {sorted.Length,6} {Percentile(sorted, 50),8:F2} {Percentile(sorted, 95),8:F2} {Percentile(sorted, 99),8:F2} {sorted[^1],8:F2}"));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
