using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Server;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Transport;

namespace RtcGateway.Browser.Tests;

/// <summary>A gateway hosted in the test process on a free HTTP port and a free UDP port.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayInstance(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public SessionManager Sessions => _app.Services.GetRequiredService<SessionManager>();

    public int UdpPort => _app.Services.GetRequiredService<UdpTransport>().LocalEndPoint!.Port;

    /// <summary>Starts a gateway with the given camera settings, e.g. ("cam0", "file:/…/car-detection.mp4").</summary>
    public static async Task<GatewayInstance> StartAsync(IEnumerable<string> extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Gateway:WebRtc:UdpPort=0",
            "--Gateway:WebRtc:Candidates:0=127.0.0.1",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        WebApplication app = GatewayHost.Build(args);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayInstance(app, address.TrimEnd('/'));
    }

    /// <summary>Camera arguments for a clip from ../shared/media as camera N.</summary>
    public static IEnumerable<string> Clip(int index, string id, string clip, int width = 640, int height = 360, int fps = 15) =>
    [
        $"--Gateway:Cameras:{index}:Id={id}",
        $"--Gateway:Cameras:{index}:Source=file:{TestPaths.Media(clip)}",
        $"--Gateway:Cameras:{index}:Width={width}",
        $"--Gateway:Cameras:{index}:Height={height}",
        $"--Gateway:Cameras:{index}:Framerate={fps}",
        $"--Gateway:Cameras:{index}:BitrateKbps=1200",
        $"--Gateway:Cameras:{index}:LingerMs=1000",
    ];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
