namespace RtcGateway.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- --filter '*'</c> (BenchmarkDotNet), or
/// <c>-- encoder-latency [seconds]</c> for the GStreamer encoder latency/fps table, or <c>-- control [seconds] [hz]</c> for
/// the control data channel RTT / browser → robot latency with Chromium and video flowing.
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "encoder-latency")
        {
            return EncoderLatencyBenchmark.Run(args);
        }

        if (args.Length > 0 && args[0] == "control")
        {
            return ControlLatencyBenchmark.Run(args);
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
