using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace RtcGateway.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- viewers [--quick]</c>: the gateway (a separate
/// Release process) serves one camera per case; Chromium (Debian /usr/bin/chromium, headless, software decode) joins
/// WHEP receivers on loopback from one page. Per case: time to first frame over N joins (camera already running), then
/// at 1, 5 and 20 viewers: decoded fps per viewer (getStats), capture → display latency p50/p95 (abs-capture-time, one
/// sample per presented frame), gateway CPU (utime+stime) per second and per viewer-second, gateway RSS, the client's
/// CPU (this process's descendants: Playwright driver + Chromium) and the machine's busy share.
/// </summary>
public static class ViewerBenchmark
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly int[] ViewerCounts = [1, 5, 20];

    public static async Task<int> RunAsync(string[] args)
    {
        bool quick = args.Contains("--quick");
        TimeSpan window = TimeSpan.FromSeconds(quick ? 4 : 10);
        TimeSpan settle = TimeSpan.FromSeconds(quick ? 2 : 4);
        int joins = quick ? 8 : 20;
        string root = FindRoot();
        string media = FindMedia(root);
        string serverDll = ViewerBenchmarkGateway.FindServerDll(root);
        var cases = new (string Name, string Source, int Width, int Height, int Fps)[]
        {
            ("test 1280x720@30", "test", 1280, 720, 30),
            ("car-detection 768x432@13", "file:" + Path.Combine(media, "car-detection.mp4"), 768, 432, 13),
            ("bottle-detection 640x360@30", "file:" + Path.Combine(media, "bottle-detection.mp4"), 640, 360, 30),
        };

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
            ],
        });
        Console.WriteLine($"viewers benchmark: {Environment.ProcessorCount} cores, Chromium {browser.Version} (headless, software decode) on loopback, "
            + $"{window.TotalSeconds:F0} s windows, {joins} joins; bitrate 2500 kbit/s; gateway = separate Release process");
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var rows = new List<string>();
        foreach (var c in cases)
        {
            string[] cameraArgs =
            [
                "--Gateway:Cameras:0:Id=cam0", $"--Gateway:Cameras:0:Source={c.Source}", $"--Gateway:Cameras:0:Width={c.Width}",
                $"--Gateway:Cameras:0:Height={c.Height}", $"--Gateway:Cameras:0:Framerate={c.Fps}", "--Gateway:Cameras:0:BitrateKbps=2500",
                "--Gateway:Cameras:0:KeyframeIntervalMs=1000", "--Gateway:Cameras:0:LingerMs=10000",
            ];
            string log = Path.Combine(Path.GetTempPath(), $"rtcgw-bench-{c.Name.Split(' ')[0]}.log");
            await using ViewerBenchmarkGateway gw = await ViewerBenchmarkGateway.StartAsync(serverDll, cameraArgs, log);
            ViewerBenchmarkPage page = await ViewerBenchmarkPage.OpenAsync(browser, gw.BaseUrl);
            try
            {
                await RunCaseAsync(c.Name, c.Fps, gw, page, joins, window, settle, rows);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or PlaywrightException)
            {
                rows.Add($"{c.Name}: FAILED {ex.Message.Split('\n')[0]} (gateway log {log})");
                Console.WriteLine(rows[^1]);
            }
            finally
            {
                await page.DisposeAsync();
            }
        }

        Console.WriteLine();
        Console.WriteLine(Header);
        foreach (string row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private const string Header =
        "case                         viewers  fps/viewer (min)   lat p50  lat p95  lat n    gw CPU ms/s  ms/viewer-s  marginal/v  gw RSS MiB  client CPU %  machine busy %";

    private static async Task RunCaseAsync(string name, int fps, ViewerBenchmarkGateway gw, ViewerBenchmarkPage page, int joins,
        TimeSpan window, TimeSpan settle, List<string> rows)
    {
        // Viewer 0 starts the camera (cold start reported separately) and stays for the whole case.
        var cold = Stopwatch.StartNew();
        int first = await page.JoinAsync("cam0");
        double coldFirstFrame = await page.WaitFirstFrameAsync(first, 30_000);
        Console.WriteLine($"{name}: cold start (camera idle → first frame) {coldFirstFrame:F0} ms (wall {cold.ElapsedMilliseconds} ms)");
        await Task.Delay(settle);

        // Time to first frame with the camera running: join, wait for the first presented frame, leave.
        var ttff = new List<double>();
        for (int i = 0; i < joins; i++)
        {
            int v = await page.JoinAsync("cam0");
            ttff.Add(await page.WaitFirstFrameAsync(v));
            await page.CloseAsync(v);
            await Task.Delay(300);
        }

        ttff.Sort();
        string ttffRow = string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} time to first frame over {joins} joins (camera running): p50 {Percentile(ttff, 50):F0} ms, p95 {Percentile(ttff, 95):F0} ms, max {ttff[^1]:F0} ms; cold start {coldFirstFrame:F0} ms");
        Console.WriteLine(ttffRow);
        rows.Add(ttffRow);

        int open = 1;
        double oneViewerMsPerS = double.NaN;
        foreach (int count in ViewerCounts)
        {
            while (open < count)
            {
                int v = await page.JoinAsync("cam0");
                await page.WaitFirstFrameAsync(v, 30_000);
                open++;
            }

            await Task.Delay(settle);
            (string row, double msPerS) = await MeasureAsync(name, count, fps, gw, page, window, oneViewerMsPerS);
            if (count == 1)
            {
                oneViewerMsPerS = msPerS;
            }

            Console.WriteLine(row);
            rows.Add(row);
        }
    }

    private static async Task<(string Row, double GatewayMsPerS)> MeasureAsync(string name, int viewers, int fps, ViewerBenchmarkGateway gw,
        ViewerBenchmarkPage page, TimeSpan window, double oneViewerMsPerS)
    {
        int self = Environment.ProcessId;
        await page.TakeSamplesAsync();
        await page.CollectAsync(true);
        (long Frames, double TimestampMs, long Dropped)[] s0 = await page.StatsAsync();
        var gatewayTree = ViewerBenchmarkProcStat.Descendants(gw.Pid).Append(gw.Pid).ToHashSet();
        Dictionary<int, double> client0 = ViewerBenchmarkProcStat.CpuMsOf(ViewerBenchmarkProcStat.Descendants(self).Where(p => !gatewayTree.Contains(p)));
        (long Busy, long Total) m0 = ViewerBenchmarkProcStat.MachineJiffies();
        double gw0 = ViewerBenchmarkProcStat.CpuMs(gw.Pid) ?? double.NaN;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        double gw1 = ViewerBenchmarkProcStat.CpuMs(gw.Pid) ?? double.NaN;
        double seconds = clock.Elapsed.TotalSeconds;
        (long Busy, long Total) m1 = ViewerBenchmarkProcStat.MachineJiffies();
        Dictionary<int, double> client1 = ViewerBenchmarkProcStat.CpuMsOf(client0.Keys);
        (long Frames, double TimestampMs, long Dropped)[] s1 = await page.StatsAsync();
        await page.CollectAsync(false);
        double[] latency = await page.TakeSamplesAsync();
        double rss = ViewerBenchmarkProcStat.RssMiB(gw.Pid) ?? double.NaN;

        double[] rates = s0.Zip(s1, (a, b) => (b.Frames - a.Frames) / ((b.TimestampMs - a.TimestampMs) / 1000)).ToArray();
        Array.Sort(latency);
        double gwMsPerS = (gw1 - gw0) / seconds;
        double clientPct = ViewerBenchmarkProcStat.Delta(client0, client1) / seconds / 10;
        double busyPct = 100.0 * (m1.Busy - m0.Busy) / Math.Max(1, m1.Total - m0.Total);
        // Marginal cost of a viewer: (CPU at n viewers − CPU at 1) / (n − 1); the camera's decode/encode is in the 1-viewer figure.
        double marginal = viewers > 1 ? (gwMsPerS - oneViewerMsPerS) / (viewers - 1) : double.NaN;
        return (string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} {viewers,7}  {rates.Average(),6:F2} ({rates.Min(),5:F2})/{fps,-3} {Percentile(latency, 50),8:F1} {Percentile(latency, 95),8:F1} {latency.Length,6} {gwMsPerS,12:F1} {gwMsPerS / viewers,12:F1} {marginal,10:F1} {rss,11:F0} {clientPct,13:F0} {busyPct,15:F0}"),
            gwMsPerS);
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

    private static string FindMedia(string root)
    {
        for (DirectoryInfo? dir = new DirectoryInfo(root).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "media");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/media not found above " + root);
    }
}
