namespace RtcGateway.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- --filter '*'</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
