using System.Net;
using System.Text.Json;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class SessionStatsApiTests(GatewayFixture fixture)
{
    private static readonly string[] Documented =
    [
        "id", "camera", "connected", "estimatedBitrateKbps", "sendBitrateKbps", "rttMs", "fractionLost", "nacks", "retransmits",
        "plis", "firs", "framesDropped", "framesDroppedReason", "belowTarget",
    ];

    private readonly GatewayInstance _gateway = fixture.Gateway;

    [Fact]
    public async Task Sessions_are_listed_with_the_documented_shape_overall_and_per_camera()
    {
        (string id, string location) = await CreateSessionAsync();
        try
        {
            JsonElement all = await GetJsonAsync("api/sessions");
            JsonElement mine = all.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
            Assert.Equal(Documented.Order(), mine.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("cam0", mine.GetProperty("camera").GetString());
            Assert.False(mine.GetProperty("connected").GetBoolean()); // nobody answers ICE in this test
            Assert.Equal(JsonValueKind.Null, mine.GetProperty("estimatedBitrateKbps").ValueKind); // no estimator reports yet
            Assert.Equal(JsonValueKind.Null, mine.GetProperty("rttMs").ValueKind);
            Assert.Equal(0, mine.GetProperty("framesDropped").GetInt64());
            Assert.Equal(JsonValueKind.Null, mine.GetProperty("framesDroppedReason").ValueKind);

            JsonElement cam0 = await GetJsonAsync("api/cameras/CAM0/sessions");
            Assert.Contains(cam0.EnumerateArray(), s => s.GetProperty("id").GetString() == id);
            JsonElement broken = await GetJsonAsync("api/cameras/broken/sessions");
            Assert.DoesNotContain(broken.EnumerateArray(), s => s.GetProperty("id").GetString() == id);

            // The controller samples every 500 ms: the send rate becomes a number (0: not connected) within ~1.5 s.
            Assert.True(await GatewayInstance.WaitUntilAsync(() => SendRate(id) == 0, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            await _gateway.Http.DeleteAsync(location);
        }
    }

    [Fact]
    public async Task Sessions_of_an_unknown_camera_is_404_text()
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync("api/cameras/nope/sessions");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_reported_estimate_is_shown_and_a_viewer_below_the_camera_minimum_is_marked()
    {
        (string id, string location) = await CreateSessionAsync();
        try
        {
            Assert.True(_gateway.Sessions.TryGetSession(id, out ViewerSession? session));
            session!.Bitrate.ReportEstimate(200_400); // cam0 runs at 300 kbit/s, which is also its minimum
            Assert.True(await GatewayInstance.WaitUntilAsync(() => session.Bitrate.BelowTarget, TimeSpan.FromSeconds(5)));
            JsonElement mine = (await GetJsonAsync("api/cameras/cam0/sessions")).EnumerateArray()
                .Single(s => s.GetProperty("id").GetString() == id);
            Assert.Equal(200, mine.GetProperty("estimatedBitrateKbps").GetInt32());
            Assert.True(mine.GetProperty("belowTarget").GetBoolean());
            Assert.Equal(300, (await GetJsonAsync("api/cameras/cam0")).GetProperty("targetBitrateKbps").GetInt32());
        }
        finally
        {
            await _gateway.Http.DeleteAsync(location);
        }
    }

    private int? SendRate(string id) =>
        _gateway.Sessions.TryGetSession(id, out ViewerSession? s) ? s!.Bitrate.SendRate.Kbps : null;

    private async Task<(string Id, string Location)> CreateSessionAsync()
    {
        using HttpResponseMessage response = await WhepTests.PostOfferAsync(_gateway, "cam0", OfferFixtures.Chromium);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string location = response.Headers.Location!.OriginalString;
        return (location["/api/cameras/cam0/whep/".Length..], location);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
