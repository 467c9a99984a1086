using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RtcGateway.Media.Cameras;
using RtcGateway.Server;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Transport;

namespace RtcGateway.Browser.Tests;

/// <summary>A gateway hosted in the test process on a free HTTP port and a free UDP port; its logs are captured.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayInstance(WebApplication app, string baseUrl, CapturedLogs logs)
    {
        _app = app;
        BaseUrl = baseUrl;
        Logs = logs;
    }

    public string BaseUrl { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public SessionManager Sessions => _app.Services.GetRequiredService<SessionManager>();

    public int UdpPort => _app.Services.GetRequiredService<UdpTransport>().LocalEndPoint!.Port;

    /// <summary>Starts a gateway with the given camera settings, e.g. <see cref="Clip"/>.</summary>
    public static async Task<GatewayInstance> StartAsync(IEnumerable<string> extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Gateway:WebRtc:UdpPort=0",
            "--Gateway:WebRtc:Candidates:0=127.0.0.1",
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft=Warning",
            .. extraArgs,
        ];
        var logs = new CapturedLogs();
        WebApplication app = GatewayHost.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayInstance(app, address.TrimEnd('/'), logs);
    }

    /// <summary>Camera arguments for a clip from ../shared/media as camera N (output size and rate re-encoded).</summary>
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

    /// <summary>Access units the camera delivered since it was created (its frame counter).</summary>
    public long AccessUnitsDelivered(string cameraId) =>
        Services.GetRequiredService<CameraManager>().TryGet(cameraId, out ICamera? camera) && camera is not null
            ? camera.Status.AccessUnitsDelivered
            : throw new ArgumentException("unknown camera " + cameraId, nameof(cameraId));

    /// <summary>One line per live session: id, camera, connected, frames dropped, peer counters.</summary>
    public string DescribeSessions() => string.Join('\n', Sessions.Sessions.Select(s =>
        $"{s.Id[..8]} {s.CameraId} connected={s.IsConnected} dropped={s.FramesDropped} stats={s.Stats}"));

    /// <summary>Server-side state for a failure message.</summary>
    public string Diagnostics() =>
        $"sessions ({Sessions.Sessions.Count}, unrouted datagrams {Sessions.UnroutedDatagrams}):\n{DescribeSessions()}\n--- gateway log tail ---\n{Logs.Tail()}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
