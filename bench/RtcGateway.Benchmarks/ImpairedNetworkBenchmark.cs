using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace RtcGateway.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- impaired [--quick] [--scenarios a,b,…]</c>
/// (root, iproute2, nftables, util-linux <c>unshare</c>): how the video follows an impaired network, for the gateway and,
/// in the same run and through the same impaired path, for Chromium's own libwebrtc sender (GCC, pacing, RTX: the
/// anchor). The command re-executes itself in a private network namespace (<c>unshare --net</c>) where the gateway (a
/// separate Release process), Chromium and every impairment live; nothing outside the namespace is touched.
/// <para>Scenarios (issue 11): <c>step</c> — UDP capacity 4 Mbit/s, 1 Mbit/s from t = 20 s, 4 Mbit/s again from
/// t = 40 s, 60 s; <c>loss2</c>/<c>loss5</c>/<c>loss10</c> — 2/5/10 % random loss both ways, no capacity limit, 30 s;
/// <c>loss5cap2</c> — 5 % loss on a 2 Mbit/s link, 30 s. Camera: <c>test</c> 1280x720@30, <c>BitrateKbps</c> 3500
/// (min 300); the reference sender draws a moving 1280x720 canvas at 30 fps with <c>maxBitrate</c> 3500 kbit/s.</para>
/// <para>Per 5-second bucket: capture → render p50/p95 (abs-capture-time), presented fps, freezes (Chromium's
/// <c>freezeCount</c>) and the longest gap between presented frames, the encoder target (gateway:
/// <c>GET /api/cameras/cam0</c> <c>targetBitrateKbps</c>; reference: outbound-rtp <c>targetBitrate</c>), bytes on the
/// wire (all UDP through the bottleneck class, both directions) and bytes received. Then one summary row per scenario
/// and sender with the issue's targets.</para>
/// </summary>
public static class ImpairedNetworkBenchmark
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string InnerVariable = "RTCGW_IMPAIRED_NETNS";
    private const int Width = 1280, Height = 720, Fps = 30, MaxKbps = 3500;

    private sealed record Scenario(string Name, string Description, int Seconds, Func<int, (int CapacityKbps, int LossPercent)> At);

    private sealed record Second(int T, int CapacityKbps, int LossPercent, double[] Latency, double MaxGapMs, double Fps, long Freezes,
        double TargetKbps, double WireKbps, double ReceivedKbps, long NackCount, long Retransmitted);

    private static readonly Scenario[] AllScenarios =
    [
        new("step", "capacity 4 → 1 Mbit/s at 20 s → 4 Mbit/s at 40 s", 60, t => (t < 20 ? 4000 : t < 40 ? 1000 : 4000, 0)),
        new("loss2", "2 % random loss both ways", 30, _ => (0, 2)),
        new("loss5", "5 % random loss both ways", 30, _ => (0, 5)),
        new("loss10", "10 % random loss both ways", 30, _ => (0, 10)),
        new("loss5cap2", "5 % loss on a 2 Mbit/s link", 30, _ => (2000, 5)),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(InnerVariable) != "1")
        {
            return ReexecuteInNamespace(args);
        }

        string[] selected = ArgValue(args, "--scenarios")?.Split(',', StringSplitOptions.RemoveEmptyEntries)
            ?? (args.Contains("--quick") ? ["step", "loss5"] : AllScenarios.Select(s => s.Name).ToArray());
        Scenario[] scenarios = AllScenarios.Where(s => selected.Contains(s.Name)).ToArray();
        string[] senders = ArgValue(args, "--senders")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? ["gateway", "reference"];

        NetworkImpairment net = NetworkImpairment.Setup();
        string root = FindRoot();
        string serverDll = ViewerBenchmarkGateway.FindServerDll(root);
        string[] cameraArgs =
        [
            "--Gateway:Cameras:0:Id=cam0", "--Gateway:Cameras:0:Source=test", $"--Gateway:Cameras:0:Width={Width}",
            $"--Gateway:Cameras:0:Height={Height}", $"--Gateway:Cameras:0:Framerate={Fps}", $"--Gateway:Cameras:0:BitrateKbps={MaxKbps}",
            "--Gateway:Cameras:0:MinBitrateKbps=300", "--Gateway:Cameras:0:KeyframeIntervalMs=1000", "--Gateway:Cameras:0:AlwaysOn=true",
        ];
        string log = Path.Combine(Path.GetTempPath(), "rtcgw-impaired-gateway.log");
        await using ViewerBenchmarkGateway gw = await ViewerBenchmarkGateway.StartAsync(serverDll, cameraArgs, log);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            ],
        });
        using var http = new HttpClient { BaseAddress = new Uri(gw.BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        Console.WriteLine($"impaired-network benchmark: {Environment.ProcessorCount} cores, Chromium {browser.Version} (headless, software codecs), "
            + $"gateway cam0 = test {Width}x{Height}@{Fps} max {MaxKbps} kbit/s; reference = Chromium's own sender, canvas {Width}x{Height}@{Fps}, "
            + $"maxBitrate {MaxKbps} kbit/s; bottleneck queue {NetworkImpairment.QueuePackets} packets; gateway log {log}");
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");

        var summaries = new List<string>();
        foreach (Scenario scenario in scenarios)
        {
            foreach (string sender in senders)
            {
                net.Apply(0, 0);
                await Task.Delay(2000);
                ImpairedNetworkPage page = await ImpairedNetworkPage.OpenAsync(browser, gw.BaseUrl);
                try
                {
                    if (sender == "gateway")
                    {
                        await page.StartGatewayAsync("cam0");
                    }
                    else
                    {
                        await page.StartReferenceAsync(Width, Height, Fps, MaxKbps);
                    }

                    await page.WaitFramesAsync(30);
                    // Settle unimpaired so both senders start the scenario from their own steady state.
                    await Task.Delay(TimeSpan.FromSeconds(args.Contains("--quick") ? 5 : 10));
                    List<Second> seconds = await RunScenarioAsync(scenario, sender, net, page, http);
                    PrintBuckets(scenario, sender, seconds);
                    summaries.Add(Summarize(scenario, sender, seconds));
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or PlaywrightException or HttpRequestException)
                {
                    summaries.Add($"{scenario.Name,-10} {sender,-9} FAILED: {ex.Message.Split('\n')[0]}");
                    Console.WriteLine(summaries[^1]);
                }
                finally
                {
                    await page.DisposeAsync();
                }
            }
        }

        net.Apply(0, 0);
        Console.WriteLine();
        Console.WriteLine("summary (targets: step — p95 < 200 ms within 2 s of the drop, no freeze > 1 s, target 0.6–1.0 × capacity 5 s after the drop, "
            + "≥ 80 % of the pre-drop target within 15 s of the return; loss — ≤ 1 freeze/min, fps within 5 % of 30)");
        Console.WriteLine("scenario   sender    p50 ms  p95 ms  fps    freezes/min  max gap ms  p95<200 after drop s  target/cap +5 s  back to 80 % s  wire kbit/s  nacks  rtx rcvd");
        foreach (string s in summaries)
        {
            Console.WriteLine(s);
        }

        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static async Task<List<Second>> RunScenarioAsync(Scenario scenario, string sender, NetworkImpairment net, ImpairedNetworkPage page,
        HttpClient http)
    {
        var seconds = new List<Second>();
        ImpairedSample previous = await page.SampleAsync();
        (long Bytes, long Packets, long Dropped) wire0 = NetworkImpairment.UdpClassCounters();
        var clock = Stopwatch.StartNew();
        for (int t = 0; t < scenario.Seconds; t++)
        {
            (int cap, int loss) = scenario.At(t);
            net.Apply(cap, loss);
            TimeSpan wait = TimeSpan.FromSeconds(t + 1) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            ImpairedSample now = await page.SampleAsync();
            (long Bytes, long Packets, long Dropped) wire1 = NetworkImpairment.UdpClassCounters();
            double dt = Math.Max(0.001, (now.TimestampMs - previous.TimestampMs) / 1000);
            double target = sender == "gateway" ? await GatewayTargetKbpsAsync(http) : (now.SenderTargetBps ?? double.NaN) / 1000;
            seconds.Add(new Second(t, cap, loss, now.LatencyMs, now.MaxGapMs, (now.Presented - previous.Presented) / dt,
                now.FreezeCount - previous.FreezeCount, target, (wire1.Bytes - wire0.Bytes) * 8 / dt / 1000,
                (now.Bytes - previous.Bytes) * 8 / dt / 1000, now.NackCount - previous.NackCount, now.Retransmitted - previous.Retransmitted));
            previous = now;
            wire0 = wire1;
        }

        return seconds;
    }

    private static async Task<double> GatewayTargetKbpsAsync(HttpClient http)
    {
        try
        {
            JsonElement cam = await http.GetFromJsonAsync<JsonElement>("/api/cameras/cam0");
            return cam.TryGetProperty("targetBitrateKbps", out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return double.NaN;
        }
    }

    private static void PrintBuckets(Scenario scenario, string sender, List<Second> seconds)
    {
        Console.WriteLine();
        Console.WriteLine($"{scenario.Name} ({scenario.Description}), sender {sender}");
        Console.WriteLine("  t s     cap kbit/s  loss %  p50 ms  p95 ms    fps  freezes  max gap ms  target kbit/s  wire kbit/s  rx kbit/s  nacks  rtx");
        foreach (Second[] bucket in seconds.Chunk(5))
        {
            double[] lat = bucket.SelectMany(s => s.Latency).Order().ToArray();
            string cap = bucket[0].CapacityKbps == 0 ? "-" : bucket[0].CapacityKbps.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {bucket[0].T,2}–{bucket[^1].T + 1,-3} {cap,10} {bucket[0].LossPercent,7} {Percentile(lat, 50),7:F0} {Percentile(lat, 95),7:F0} {bucket.Average(s => s.Fps),6:F1} {bucket.Sum(s => s.Freezes),8} {bucket.Max(s => s.MaxGapMs),11:F0} {bucket[^1].TargetKbps,14:F0} {bucket.Average(s => s.WireKbps),12:F0} {bucket.Average(s => s.ReceivedKbps),10:F0} {bucket.Sum(s => s.NackCount),6} {bucket.Sum(s => s.Retransmitted),4}"));
        }
    }

    private static string Summarize(Scenario scenario, string sender, List<Second> seconds)
    {
        double[] lat = seconds.SelectMany(s => s.Latency).Order().ToArray();
        double minutes = seconds.Count / 60.0;
        string recovery = "-", targetRatio = "-", back = "-";
        if (scenario.Name == "step")
        {
            // p95 under 200 ms again: the end of the last 1-s window after the drop (t = 20..39) whose p95 ≥ 200 ms.
            int lastBad = -1;
            for (int t = 20; t < 40 && t < seconds.Count; t++)
            {
                double[] w = seconds[t].Latency.Order().ToArray();
                if (w.Length == 0 || Percentile(w, 95) >= 200)
                {
                    lastBad = t;
                }
            }

            recovery = lastBad < 0 ? "0" : (lastBad + 1 - 20).ToString(CultureInfo.InvariantCulture);
            if (seconds.Count > 25)
            {
                targetRatio = (seconds[24].TargetKbps / 1000).ToString("F2", CultureInfo.InvariantCulture);
            }

            double before = seconds.Take(20).Skip(10).Select(s => s.TargetKbps).DefaultIfEmpty(double.NaN).Average();
            int reached = seconds.Skip(40).TakeWhile(s => s.TargetKbps < 0.8 * before).Count();
            back = 40 + reached < seconds.Count ? reached.ToString(CultureInfo.InvariantCulture) : $">{seconds.Count - 40}";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name,-10} {sender,-9} {Percentile(lat, 50),6:F0} {Percentile(lat, 95),7:F0} {seconds.Average(s => s.Fps),5:F1} {seconds.Sum(s => s.Freezes) / minutes,12:F1} {seconds.Max(s => s.MaxGapMs),11:F0} {recovery,21} {targetRatio,16} {back,15} {seconds.Average(s => s.WireKbps),12:F0} {seconds.Sum(s => s.NackCount),6} {seconds.Sum(s => s.Retransmitted),9}");
    }

    private static int ReexecuteInNamespace(string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("impaired: needs Linux network namespaces");
            return 2;
        }

        var psi = new ProcessStartInfo("unshare") { UseShellExecute = false };
        psi.ArgumentList.Add("--net");
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(Environment.ProcessPath!);
        string entry = Environment.GetCommandLineArgs()[0];
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" && entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            psi.ArgumentList.Add(entry);
        }

        psi.ArgumentList.Add("impaired");
        foreach (string a in args.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[InnerVariable] = "1";
        try
        {
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("unshare did not start");
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Console.Error.WriteLine($"impaired: cannot run unshare ({ex.Message}); needs root and util-linux");
            return 2;
        }
    }

    private static string? ArgValue(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        double rank = p / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(sorted.Count - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RtcGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RtcGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
