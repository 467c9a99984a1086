using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Transport;

namespace RtcGateway.Server.Tests.Hosting;

/// <summary>A gateway hosted in the test process on a free HTTP port and a free UDP port, with an HttpClient.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayInstance(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public SessionManager Sessions => _app.Services.GetRequiredService<SessionManager>();

    public CameraManager Cameras => _app.Services.GetRequiredService<CameraManager>();

    public int UdpPort => _app.Services.GetRequiredService<UdpTransport>().LocalEndPoint!.Port;

    /// <summary>The common arguments: loopback HTTP on a free port, UDP on a free port, one 127.0.0.1 candidate.</summary>
    public static string[] BaseArgs(params string[] extra) =>
    [
        "--urls", "http://127.0.0.1:0",
        "--Gateway:WebRtc:UdpPort=0",
        "--Gateway:WebRtc:Candidates:0=127.0.0.1",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];

    /// <summary>Builds (does not start) a gateway with <see cref="BaseArgs"/> plus <paramref name="extraArgs"/>.</summary>
    public static WebApplication Build(IEnumerable<string> extraArgs) => GatewayHost.Build(BaseArgs([.. extraArgs]));

    /// <summary>Builds and starts a gateway.</summary>
    public static async Task<GatewayInstance> StartAsync(IEnumerable<string> extraArgs)
    {
        WebApplication app = Build(extraArgs);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayInstance(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Arguments of a small, cheap <c>test</c> camera (videotestsrc → x264enc) at index <paramref name="index"/>.</summary>
    public static IEnumerable<string> TestCamera(int index, string id) =>
    [
        $"--Gateway:Cameras:{index}:Id={id}",
        $"--Gateway:Cameras:{index}:Source=test",
        $"--Gateway:Cameras:{index}:Width=320",
        $"--Gateway:Cameras:{index}:Height=240",
        $"--Gateway:Cameras:{index}:Framerate=15",
        $"--Gateway:Cameras:{index}:BitrateKbps=300",
        $"--Gateway:Cameras:{index}:LingerMs=500",
    ];

    /// <summary>Arguments of a camera at <paramref name="index"/> with only an id and a source (may be invalid on purpose).</summary>
    public static IEnumerable<string> Camera(int index, string id, string source) =>
    [
        $"--Gateway:Cameras:{index}:Id={id}",
        $"--Gateway:Cameras:{index}:Source={source}",
        $"--Gateway:Cameras:{index}:Width=320",
        $"--Gateway:Cameras:{index}:Height=240",
        $"--Gateway:Cameras:{index}:Framerate=15",
    ];

    /// <summary>Polls <paramref name="condition"/> every 20 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
