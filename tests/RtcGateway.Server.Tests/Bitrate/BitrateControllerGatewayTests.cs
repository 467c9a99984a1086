using System.Net;
using System.Text.Json;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Api;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Bitrate;

/// <summary>End to end in a hosted gateway: a session's estimate moves the real camera's encoder target, and the target
/// returns to BitrateKbps when the session ends.</summary>
public sealed class BitrateControllerGatewayTests
{
    [Fact]
    public async Task A_reported_estimate_lowers_the_encoder_and_the_target_recovers_when_the_session_ends()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.TestCamera(0, "cam0"),
            "--Gateway:Cameras:0:BitrateKbps=1000",
            "--Gateway:Cameras:0:MinBitrateKbps=300",
        ]);
        using HttpResponseMessage created = await WhepTests.PostOfferAsync(gw, "cam0", OfferFixtures.Chromium);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string location = created.Headers.Location!.OriginalString;
        Assert.True(gw.Sessions.TryGetSession(location[(location.LastIndexOf('/') + 1)..], out ViewerSession? session));
        Assert.True(gw.Cameras.TryGet("cam0", out ICamera? camera));

        session!.Bitrate.ReportEstimate(600_000);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => camera!.Status.EncoderBitrateKbps == 600, TimeSpan.FromSeconds(5)),
            camera!.Status.ToString());
        Assert.Equal(600, await TargetAsync(gw));

        using HttpResponseMessage deleted = await gw.Http.DeleteAsync(location);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => camera.TargetBitrateKbps == 1000, TimeSpan.FromSeconds(5)));
        Assert.Equal(1000, await TargetAsync(gw));
    }

    private static async Task<int> TargetAsync(GatewayInstance gw)
    {
        using JsonDocument doc = JsonDocument.Parse(await gw.Http.GetStringAsync("api/cameras/cam0"));
        return doc.RootElement.GetProperty("targetBitrateKbps").GetInt32();
    }
}
