using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Server;
using RtcGateway.Server.Mjpeg;

namespace RtcGateway.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- mjpeg [seconds]</c>:
/// (1) JPEG encode time per frame: jpegenc (quality 80) on 640x480 I420 from videotestsrc, pad probes on the encoder's
/// sink and src pads (jpegenc encodes synchronously in the streaming thread), p50/p95 ms;
/// (2) gateway CPU per MJPEG client-second: the gateway hosted in this process with a <c>test</c> camera at 640x480@15
/// (JPEG branch 640x480), N MJPEG clients as separate <c>curl</c> processes (so their CPU is not counted), process CPU
/// time over the window; the marginal cost per client is (CPU(N) − CPU(1)) / ((N − 1) · seconds).
/// </summary>
public static class MjpegBenchmark
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        Console.WriteLine($"GStreamer {GstRuntime.Version}, {Environment.ProcessorCount} cores, {seconds:F0} s per case");
        EncodeTime("videotestsrc smpte", "videotestsrc num-buffers=600 pattern=smpte ! video/x-raw,format=I420,width=640,height=480,framerate=15/1");
        EncodeTime("car-detection.mp4", $"filesrc location={Path.Combine(FindMedia(), "car-detection.mp4")} ! decodebin ! videoconvert ! videoscale ! video/x-raw,format=I420,width=640,height=480");
        ClientCost(seconds).GetAwaiter().GetResult();
        return 0;
    }

    private static void EncodeTime(string name, string source)
    {
        GstRuntime.EnsureInitialized();
        using GstPipeline pipeline = GstPipeline.Parse(source + " ! jpegenc name=enc quality=80 ! fakesink sync=false");
        using GstObjectHandle enc = pipeline.TryGetElement("enc")!;
        var entered = new ConcurrentQueue<long>();
        var times = new ConcurrentBag<double>();
        using var sink = GstBufferProbe.Attach(enc, "sink", (_, _) =>
        {
            entered.Enqueue(Stopwatch.GetTimestamp());
            return true;
        });
        using var src = GstBufferProbe.Attach(enc, "src", (_, _) =>
        {
            if (entered.TryDequeue(out long t0))
            {
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }

            return true;
        });
        pipeline.SetState(GstState.Playing);
        var sw = Stopwatch.StartNew();
        while (pipeline.PopMessage(TimeSpan.FromMilliseconds(200), GstMessageType.Eos | GstMessageType.Error) is null && sw.Elapsed < TimeSpan.FromSeconds(60))
        {
        }

        pipeline.SetState(GstState.Null);
        double[] sorted = [.. times.Skip(10).OrderBy(x => x)];
        double Pct(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine();
        Console.WriteLine($"JPEG encode per frame, {name} (jpegenc quality=80, 640x480 I420, sink→src pad probes)");
        Console.WriteLine($"{"frames",8} {"p50 ms",8} {"p95 ms",8} {"mean ms",8}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sorted.Length,8} {Pct(0.5),8:F2} {Pct(0.95),8:F2} {sorted.Average(),8:F2}"));
    }

    private static string FindMedia()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "media");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/media not found above " + AppContext.BaseDirectory);
    }

    private static async Task ClientCost(double seconds)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", "--Gateway:WebRtc:UdpPort=0", "--Logging:LogLevel:Default=Warning",
            "--Gateway:Cameras:0:Id=cam0", "--Gateway:Cameras:0:Source=test", "--Gateway:Cameras:0:Width=640",
            "--Gateway:Cameras:0:Height=480", "--Gateway:Cameras:0:Framerate=15", "--Gateway:Cameras:0:JpegWidth=640",
            "--Gateway:Cameras:0:JpegHeight=480", "--Gateway:Cameras:0:BitrateKbps=1000",
        ];
        WebApplication app = GatewayHost.Build(args);
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/')
            + "/api/cameras/cam0/mjpeg";
        CameraManager cameras = app.Services.GetRequiredService<CameraManager>();
        cameras.TryGet("cam0", out ICamera? camera);
        JpegFanout fanout = app.Services.GetRequiredService<JpegFanoutRegistry>().Get(camera!);
        Console.WriteLine();
        Console.WriteLine("Gateway CPU with N MJPEG clients (test source 640x480@15 → x264 + JPEG branch 640x480; clients = curl processes)");
        Console.WriteLine($"{"clients",8} {"JPEG fps",9} {"KiB/frame",10} {"CPU %",7} {"CPU ms/s",9} {"ms per client-s",16}");
        double? baseline = null;
        foreach (int n in new[] { 1, 10, 30, 100 })
        {
            var curls = Enumerable.Range(0, n).Select(_ => Process.Start(new ProcessStartInfo("curl", ["-s", "-o", "/dev/null", url])
            {
                RedirectStandardOutput = false,
            })!).ToList();
            await Task.Delay(3000); // camera start / clients joined
            Process self = Process.GetCurrentProcess();
            self.Refresh();
            TimeSpan cpu0 = self.TotalProcessorTime;
            long frames0 = fanout.FramesReceived;
            var sw = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            self.Refresh();
            double cpuMsPerS = (self.TotalProcessorTime - cpu0).TotalMilliseconds / sw.Elapsed.TotalSeconds;
            double fps = (fanout.FramesReceived - frames0) / sw.Elapsed.TotalSeconds;
            double kib = (fanout.Latest?.Frame.Data.Length ?? 0) / 1024.0;
            baseline ??= cpuMsPerS;
            string perClient = n == 1 ? "–" : ((cpuMsPerS - baseline.Value) / (n - 1)).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,8} {fps,9:F1} {kib,10:F1} {cpuMsPerS / 10,7:F1} {cpuMsPerS,9:F1} {perClient,16}"));
            foreach (Process p in curls)
            {
                p.Kill();
                p.WaitForExit();
                p.Dispose();
            }
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
