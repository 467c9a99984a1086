using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using RtcGateway.Media;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Gateway:WebRtc:UdpPort=70000", "Gateway:WebRtc:UdpPort", "70000")]
    [InlineData("--Gateway:WebRtc:UdpPort=-1", "Gateway:WebRtc:UdpPort", "-1")]
    [InlineData("--Gateway:WebRtc:Candidates:0=not a host!", "Gateway:WebRtc:Candidates:0", "not a host!")]
    [InlineData("--Gateway:WebRtc:Candidates:0= ", "Gateway:WebRtc:Candidates:0", "")]
    [InlineData("--Gateway:WebRtc:BindAddress=::1", "Gateway:WebRtc:BindAddress", "::1")]
    [InlineData("--Gateway:WebRtc:SendQueueFrames=0", "Gateway:WebRtc:SendQueueFrames", "0")]
    [InlineData("--Gateway:Control:DeadmanTimeoutMs=0", "Gateway:Control:DeadmanTimeoutMs", "0")]
    [InlineData("--Gateway:Control:ForwardTo=127.0.0.1", "Gateway:Control:ForwardTo", "127.0.0.1")]
    public async Task Bad_setting_fails_start_naming_the_key(string arg, string key, string value)
    {
        await using WebApplication app = GatewayInstance.Build([.. GatewayInstance.TestCamera(0, "cam0"), arg]);

        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(key, ex.Message);
        Assert.Contains($"(was {value}", ex.Message.Replace("'", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_mjpeg_setting_fails_the_build_naming_the_key()
    {
        // Kestrel's response buffer limits are configured from MjpegOptions while the host is built, so validation runs then.
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(
            () => GatewayInstance.Build([.. GatewayInstance.TestCamera(0, "cam0"), "--Gateway:Mjpeg:SnapshotTimeoutMs=1"]));

        Assert.Contains("Gateway:Mjpeg:SnapshotTimeoutMs must be 500..120000 (was 1)", ex.Message);
    }

    [Fact]
    public async Task Unknown_scheme_fails_only_that_camera_and_the_other_camera_streams()
    {
        await using GatewayInstance gateway = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.Camera(0, "odd", "ftp://camera.local/stream"),
            .. GatewayInstance.TestCamera(1, "good"),
        ]);

        Assert.True(gateway.Cameras.TryGet("odd", out ICamera? odd));
        Assert.Equal(CameraState.Failed, odd!.Status.State);
        Assert.Contains("odd", odd.Status.LastError);
        Assert.Contains("ftp", odd.Status.LastError);
        Assert.Contains("Gateway:Cameras:0:Source", gateway.Cameras.ValidationErrors.Single());

        Assert.True(gateway.Cameras.TryGet("good", out ICamera? good));
        var first = new TaskCompletionSource<AccessUnit>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (good!.SubscribeAccessUnits(au => first.TrySetResult(au)))
        {
            AccessUnit au = await first.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.False(au.NalUnits.Count == 0);
        }

        using HttpResponseMessage whep = await Api.WhepTests.PostOfferAsync(gateway, "odd", OfferFixtures.Chromium);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, whep.StatusCode);
        Assert.Contains("ftp", await whep.Content.ReadAsStringAsync());
        using HttpResponseMessage live = await gateway.Http.GetAsync("healthz/live"); // the process is up; "odd" makes it unready
        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
    }
}
