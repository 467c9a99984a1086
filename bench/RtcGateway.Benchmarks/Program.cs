namespace RtcGateway.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- MODE …</c> where MODE is
/// <c>encoder-latency [seconds]</c> (GStreamer encoder latency/fps table), <c>viewers [--quick]</c> (end-to-end Chromium
/// viewers: latency, time to first frame, fps, gateway CPU/RSS at 1/5/20 viewers), <c>mjpeg [seconds]</c> (JPEG encode
/// time and gateway CPU per MJPEG client-second), <c>control [seconds] [hz] [WxH@fps]</c> (control data channel RTT and
/// browser → robot latency with Chromium and video flowing), <c>dtls [warm handshakes] [records]</c> (in-memory DTLS
/// handshake times and inline record cost), <c>impaired [--quick] [--scenarios step,loss5,…]</c> (how video follows a
/// capacity step and random loss, gateway vs Chromium's own sender; root); anything else goes to BenchmarkDotNet
/// (e.g. <c>--filter '*Srtp*' --job short</c>).
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "encoder-latency":
                return EncoderLatencyBenchmark.Run(args);
            case "viewers":
                return ViewerBenchmark.RunAsync(args).GetAwaiter().GetResult();
            case "mjpeg":
                return MjpegBenchmark.Run(args);
            case "control":
                return ControlLatencyBenchmark.Run(args);
            case "dtls":
                return DtlsBenchmark.Run(args);
            case "impaired":
                return ImpairedNetworkBenchmark.RunAsync(args).GetAwaiter().GetResult();
            default:
                BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                return 0;
        }
    }
}
