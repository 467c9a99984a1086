using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcGateway.Benchmarks;

/// <summary>
/// The gateway under test as a separate process (<c>dotnet RtcGateway.Server.dll</c>, Release build) on free loopback
/// ports, so its CPU and RSS are measured alone. Its output goes to a log file.
/// </summary>
public sealed class ViewerBenchmarkGateway : IAsyncDisposable
{
    private readonly Process _process;

    private ViewerBenchmarkGateway(Process process, string baseUrl, string logPath)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public string BaseUrl { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    /// <summary>The Release server build next to the repository's sources (built with the benchmark in Release).</summary>
    public static string FindServerDll(string repositoryRoot)
    {
        string dll = Path.Combine(repositoryRoot, "src", "RtcGateway.Server", "bin", "Release", "net10.0", "RtcGateway.Server.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{dll} missing: build it with `dotnet build -c Release src/RtcGateway.Server` (or run the benchmark with -c Release)", dll);
    }

    /// <summary>Starts the gateway with one camera <c>cam0</c> and waits for <c>/healthz</c>.</summary>
    public static async Task<ViewerBenchmarkGateway> StartAsync(string serverDll, IEnumerable<string> cameraArgs, string logPath)
    {
        int httpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        int udpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        string[] args =
        [
            serverDll, "--urls", $"http://127.0.0.1:{httpPort}", $"--Gateway:WebRtc:UdpPort={udpPort}",
            "--Gateway:WebRtc:Candidates:0=127.0.0.1", "--Logging:LogLevel:Default=Warning", .. cameraArgs,
        ];
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gw = new ViewerBenchmarkGateway(process, $"http://127.0.0.1:{httpPort}", logPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with {process.ExitCode}; see {logPath}");
            }

            try
            {
                using HttpResponseMessage r = await http.GetAsync(gw.BaseUrl + "/healthz");
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return gw;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await gw.DisposeAsync();
        throw new TimeoutException($"gateway not healthy within 60 s; see {logPath}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var s = new Socket(AddressFamily.InterNetwork, type, protocol);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
