using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Tests.Runtime;

public class CameraServiceCollectionTests
{
    [Fact]
    public async Task AddGatewayCameras_binds_Gateway_Cameras_and_registers_the_hosted_manager()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Cameras:0:Source"] = "test",
            ["Gateway:Cameras:0:Width"] = "640",
            ["Gateway:Cameras:0:Height"] = "360",
            ["Gateway:Cameras:1:Id"] = "front",
            ["Gateway:Cameras:1:Source"] = "bogus:x",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayCameras(config.GetSection("Gateway"));
        await using ServiceProvider sp = services.BuildServiceProvider();
        var manager = sp.GetRequiredService<CameraManager>();
        IHostedService[] hosted = sp.GetServices<IHostedService>().ToArray();
        Assert.Equal(2, hosted.Length);
        Assert.IsType<RtcGateway.Media.Gst.GstStartupReport>(hosted[0]); // the report is logged before cameras start
        Assert.Same(manager, hosted[1]);
        Assert.Equal(["cam0", "front"], manager.Cameras.Select(c => c.Id));
        Assert.Equal(640, manager.Cameras[0].Options.Width);
        Assert.Equal(CameraState.Idle, manager.Cameras[0].Status.State); // not AlwaysOn: starts on first subscriber
        Assert.Equal(CameraState.Failed, manager.Cameras[1].Status.State);
        Assert.True(manager.TryGet("FRONT", out _));
        Assert.False(manager.TryGet("nope", out _));
    }
}
