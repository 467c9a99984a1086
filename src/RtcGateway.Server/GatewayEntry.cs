using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Api;
using RtcGateway.Server.Configuration;
using RtcGateway.Server.Control;
using RtcGateway.Server.Health;
using RtcGateway.Server.Metrics;
using RtcGateway.Server.Mjpeg;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Signaling;
using RtcGateway.Server.Transport;

namespace RtcGateway.Server;

/// <summary>
/// Builds the gateway's web application: configuration (<c>Gateway</c> section, command-line overrides), the camera
/// runtime, the UDP transport, sessions, REST/WHEP endpoints, the SignalR hub and the browser viewer. Used by
/// <c>Program</c> and by tests that host the gateway in-process.
/// </summary>
public static partial class GatewayHost
{
    /// <summary>Creates the application (not started).</summary>
    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:8080 --Gateway:Cameras:0:Source=test</c>.</param>
    /// <param name="configure">Optional extra service registrations (tests).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Session loops, the UDP receive loop and timers run on the thread pool. On a 2-core device the pool starts with
        // 2 worker threads and adds about one per 500 ms when they are busy, so one blocking call elsewhere can hold a
        // viewer's frames for half a second (seen: a first viewer overflowing its queue right after connecting).
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount + 8), io);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = FindWebRoot(),
        });
        IConfigurationSection gateway = builder.Configuration.GetSection(GatewayOptions.SectionName);
        builder.Services.AddOptions<GatewayOptions>().Bind(gateway).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGatewayCameras(gateway);
        builder.Services.AddSingleton<UdpTransport>();
        builder.Services.AddSingleton<HostCandidateProvider>();
        builder.Services.AddSingleton<SessionManager>();
        builder.Services.AddSingleton<CameraDirectory>();
        builder.Services.AddSingleton<UdpControlBridge>();
        builder.Services.AddSingleton<IControlBridge>(sp => sp.GetRequiredService<UdpControlBridge>());
        builder.Services.AddSingleton<ControlService>();
        builder.Services.AddMjpeg(builder.Configuration);
        // Start order: sessions (certificate, warm-up) → UDP socket → notifier; stop order is the reverse.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionManager>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UdpTransport>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UdpControlBridge>());
        builder.Services.AddHostedService<ControlVideoWatch>();
        builder.Services.AddHostedService<SignalingNotifier>();
        builder.Services.AddGatewayMetrics(builder.Configuration);
        builder.Services.AddGatewayHealth();

        builder.Services.AddSingleton<RtcGateway.Server.Bitrate.BitrateController>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RtcGateway.Server.Bitrate.BitrateController>());
        builder.Services.AddSignalR();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        if (app.Environment.WebRootFileProvider is not NullFileProvider)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        app.MapGet("/api/cameras", (CameraDirectory directory) => directory.List());
        app.MapGet("/api/cameras/{id}", (string id, CameraManager cameras, CameraDirectory directory) =>
            cameras.TryGet(id, out ICamera? camera) && camera is not null
                ? Results.Ok(directory.Describe(camera))
                : Results.Text($"unknown camera '{id}'", "text/plain", statusCode: 404));
        app.MapWhep();
        app.MapSessionStats();
        app.MapMjpeg();
        app.MapHub<SignalingHub>("/hubs/signaling");
        app.MapGatewayHealth();
        app.MapGatewayMetrics();

        app.Lifetime.ApplicationStarted.Register(() => AnnounceUrls(app));
        return app;
    }

    /// <summary>The bundled viewer: <c>wwwroot/</c> next to the assembly (copied at build), else <c>web/dist/</c> of the
    /// source tree above it (tests and benchmarks that reference the server project).</summary>
    private static string? FindWebRoot()
    {
        string local = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(local, "index.html")))
        {
            return local;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string dist = Path.Combine(dir.FullName, "web", "dist");
            if (File.Exists(Path.Combine(dist, "index.html")))
            {
                return dist;
            }
        }

        return null;
    }

    private static void AnnounceUrls(WebApplication app)
    {
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RtcGateway");
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (string address in addresses)
        {
            LogOpen(logger, address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        }

        CameraManager cameras = app.Services.GetRequiredService<CameraManager>();
        foreach (string error in cameras.ValidationErrors)
        {
            LogConfigError(logger, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RtcGateway is running: open {Url} in a browser")]
    private static partial void LogOpen(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration: {Error}")]
    private static partial void LogConfigError(ILogger logger, string error);
}
