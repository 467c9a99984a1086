namespace RtcGateway.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- --filter '*'</c> (BenchmarkDotNet), or
/// <c>-- encoder-latency [seconds]</c> for the GStreamer encoder latency/fps table, or <c>-- viewers [--quick]</c> for the
/// end-to-end Chromium viewers table (latency, time to first frame, fps, gateway CPU/RSS at 1/5/20 viewers).
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "viewers")
        {
            return ViewerBenchmark.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "encoder-latency")
        {
            return EncoderLatencyBenchmark.Run(args);
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
