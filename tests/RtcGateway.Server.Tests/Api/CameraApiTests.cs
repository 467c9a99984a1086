using System.Net;
using System.Text.Json;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class CameraApiTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    [Fact]
    public async Task List_cameras_returns_cam0_with_the_documented_json_shape()
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync("api/cameras");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(["cam0", "broken", "weird"], doc.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        JsonElement cam0 = doc.RootElement[0];
        string[] documented = ["id", "name", "source", "state", "width", "height", "framerate", "encoder", "viewers", "mjpegClients", "lastError", "targetBitrateKbps"];
        Assert.Equal(documented.Order(), cam0.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("cam0", cam0.GetProperty("name").GetString());
        Assert.Equal("test", cam0.GetProperty("source").GetString());
        Assert.Contains(cam0.GetProperty("state").GetString(), new[] { "Idle", "Starting", "Streaming", "Restarting" });
        Assert.Equal(320, cam0.GetProperty("width").GetInt32());
        Assert.Equal(240, cam0.GetProperty("height").GetInt32());
        Assert.Equal(15.0, cam0.GetProperty("framerate").GetDouble(), 1);
        Assert.Equal(JsonValueKind.Number, cam0.GetProperty("viewers").ValueKind);
        Assert.Equal(JsonValueKind.Number, cam0.GetProperty("mjpegClients").ValueKind);
        Assert.True(cam0.GetProperty("encoder").ValueKind is JsonValueKind.String or JsonValueKind.Null);
        // No estimator reports yet: the target is the configured BitrateKbps.
        Assert.Equal(_gateway.Cameras.Cameras[0].Options.BitrateKbps, cam0.GetProperty("targetBitrateKbps").GetInt32());
    }

    [Fact]
    public async Task Get_camera_by_id_returns_one_camera()
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync("api/cameras/CAM0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("cam0", doc.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_unknown_camera_is_404_with_a_text_reason()
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync("api/cameras/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Camera_with_unknown_scheme_fails_alone_and_names_the_camera_and_cause()
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync("api/cameras/weird");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Failed", doc.RootElement.GetProperty("state").GetString());
        string lastError = doc.RootElement.GetProperty("lastError").GetString()!;
        Assert.Contains("weird", lastError);
        Assert.Contains("bogus", lastError);
        Assert.Contains("Gateway:Cameras:2:Source", lastError);
    }

    [Fact]
    public async Task Camera_with_missing_file_fails_alone_and_names_the_file()
    {
        using HttpResponseMessage response = await _gateway.Http.GetAsync("api/cameras/broken");

        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Failed", doc.RootElement.GetProperty("state").GetString());
        string lastError = doc.RootElement.GetProperty("lastError").GetString()!;
        Assert.Contains("broken", lastError);
        Assert.Contains(GatewayFixture.MissingFile, lastError);
    }

    [Fact]
    public async Task Liveness_endpoint_answers_while_cameras_are_failed()
    {
        using HttpResponseMessage live = await _gateway.Http.GetAsync("healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
