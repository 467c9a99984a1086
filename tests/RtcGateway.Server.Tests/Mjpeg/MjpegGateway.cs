using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Mjpeg;

namespace RtcGateway.Server.Tests.Mjpeg;

/// <summary>
/// A gateway hosted in-process (as in the Browser tests' GatewayInstance): <c>cam0</c> plays car-detection.mp4 at
/// 768x432@15 with a 640x360 JPEG branch (slow-client buffers: SO_SNDBUF 2 KiB, JPEG quality 90, no Kestrel response buffer); <c>bad</c> points at a missing file (Failed at start). Shared by the MJPEG
/// test classes through <see cref="IClassFixture{TFixture}"/>.
/// </summary>
public sealed class MjpegGateway : IAsyncLifetime
{
    public const int Fps = 15;
    public const int JpegWidth = 640;
    public const int JpegHeight = 360;

    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    public ICamera Camera(string id) =>
        Services.GetRequiredService<CameraManager>().TryGet(id, out ICamera? c) && c is not null ? c : throw new KeyNotFoundException(id);

    public JpegFanout Fanout(string id) => Services.GetRequiredService<JpegFanoutRegistry>().Get(Camera(id));

    /// <summary>A clip of ../shared/media next to the repository (or next to any parent: worktrees live one level deeper).</summary>
    public static string Media(string clip)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RtcGateway.sln")))
        {
            dir = dir.Parent;
        }

        for (DirectoryInfo? d = dir?.Parent; d is not null; d = d.Parent)
        {
            string path = Path.Combine(d.FullName, "shared", "media", clip);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"shared/media/{clip} not found above {dir?.FullName}");
    }

    public async Task InitializeAsync()
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Gateway:WebRtc:UdpPort=0",
            "--Gateway:WebRtc:Candidates:0=127.0.0.1",
            "--Logging:LogLevel:Default=Warning",
            "--Gateway:Mjpeg:SnapshotTimeoutMs=5000",
            "--Gateway:Mjpeg:SocketSendBufferBytes=2048",
            "--Gateway:Cameras:0:Id=cam0",
            $"--Gateway:Cameras:0:Source=file:{Media("car-detection.mp4")}",
            "--Gateway:Cameras:0:Width=768",
            "--Gateway:Cameras:0:Height=432",
            $"--Gateway:Cameras:0:Framerate={Fps}",
            "--Gateway:Cameras:0:BitrateKbps=800",
            $"--Gateway:Cameras:0:JpegWidth={JpegWidth}",
            $"--Gateway:Cameras:0:JpegHeight={JpegHeight}",
            "--Gateway:Cameras:0:JpegQuality=90",
            "--Gateway:Cameras:0:LingerMs=3000",
            "--Gateway:Cameras:1:Id=bad",
            "--Gateway:Cameras:1:Source=file:/nonexistent.mp4",
        ];
        _app = GatewayHost.Build(args);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
