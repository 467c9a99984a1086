using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- encoder-latency [seconds]</c>: runs the real camera
/// pipelines (PipelineDescriptionBuilder + CameraPipelineRun) and measures encoder latency with pad probes on the
/// <c>encoder</c> element (raw frame entering the sink pad → access unit leaving the src pad, matched in order) and the
/// achieved access-unit rate at the appsink; prints p50/p95 ms and fps per case.
/// </summary>
public static class EncoderLatencyBenchmark
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        string media = FindMedia();
        var cases = new (string Name, CameraOptions Options)[]
        {
            ("test 1280x720@30", Camera("test", 1280, 720, 30)),
            ("car-detection 768x432@13", Camera("file:" + Path.Combine(media, "car-detection.mp4"), 768, 432, 13)),
            ("bottle-detection 640x360@30", Camera("file:" + Path.Combine(media, "bottle-detection.mp4"), 640, 360, 30)),
        };

        Console.WriteLine($"GStreamer {GstRuntime.Version}, {Environment.ProcessorCount} cores, {seconds:F0} s per case");
        Console.WriteLine($"{"case",-30} {"encoder",-10} {"AUs",6} {"fps",7} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var (name, options) in cases)
        {
            Result r = Measure(options, TimeSpan.FromSeconds(seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-30} {r.Encoder,-10} {r.AccessUnits,6} {r.Fps,7:F2} {r.P50,8:F2} {r.P95,8:F2} {r.Max,8:F2}"));
        }

        return 0;
    }

    private static CameraOptions Camera(string source, int w, int h, int fps) => new()
    {
        Id = "bench",
        Source = source,
        Width = w,
        Height = h,
        Framerate = fps,
        BitrateKbps = 2500,
        KeyframeIntervalMs = 1000,
    };

    private sealed record Result(string Encoder, int AccessUnits, double Fps, double P50, double P95, double Max);

    private static Result Measure(CameraOptions options, TimeSpan duration)
    {
        VideoPipelineDescription description = PipelineDescriptionBuilder.Build(options, new GstElementRegistry());
        // Matched in order, not by PTS: GstVideoEncoder re-stamps output PTS (x264enc output = input running time on the
        // frame grid + 1000 h, the offset that keeps DTS positive), and with bframes=0/zerolatency frames leave in input order.
        var entered = new ConcurrentQueue<long>();
        var latencies = new ConcurrentBag<double>();
        using CameraPipelineRun run = CameraPipelineRun.Start(description, jpegOpen: false, stallHook: null);
        using var sinkProbe = GstBufferProbe.Attach(run.Encoder, "sink", (pts, _) =>
        {
            entered.Enqueue(Stopwatch.GetTimestamp());
            return true;
        });
        using var srcProbe = GstBufferProbe.Attach(run.Encoder, "src", (pts, _) =>
        {
            if (entered.TryDequeue(out long t0))
            {
                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }

            return true;
        });

        // warm-up: first access unit, then 1 s
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1) || latencies.IsEmpty)
        {
            using GstSample s = run.TryPullAccessUnit(TimeSpan.FromMilliseconds(100));
            if (warm.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException("no access units: " + run.PopMessage()?.Error?.Message);
            }

            while (run.PopMessage() is { Type: GstMessageType.SegmentDone })
            {
                run.LoopSegment();
            }
        }

        latencies.Clear();
        int count = 0;
        var sw = Stopwatch.StartNew();
        double firstMs = -1, lastMs = 0;
        while (sw.Elapsed < duration)
        {
            using (GstSample s = run.TryPullAccessUnit(TimeSpan.FromMilliseconds(100)))
            {
                if (!s.IsNull)
                {
                    count++;
                    lastMs = sw.Elapsed.TotalMilliseconds;
                    if (firstMs < 0)
                    {
                        firstMs = lastMs;
                    }
                }
            }

            while (run.PopMessage() is { } m)
            {
                if (m.Type == GstMessageType.SegmentDone)
                {
                    run.LoopSegment();
                }
            }
        }

        sinkProbe.Dispose();
        srcProbe.Dispose();
        double[] sorted = [.. latencies.OrderBy(x => x)];
        double Pct(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        double fps = count > 1 ? (count - 1) * 1000.0 / (lastMs - firstMs) : 0;
        return new Result(description.Encoder.Factory, count, fps, Pct(0.50), Pct(0.95), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    private static string FindMedia()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RtcGateway.sln")))
        {
            dir = dir.Parent;
        }

        for (DirectoryInfo? d = dir?.Parent; d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "media");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/media not found above RtcGateway.sln");
    }
}
