using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Health;
using RtcGateway.Server.Tests.Hosting;
using RtcGateway.Server.Tests.Sessions;

namespace RtcGateway.Server.Tests.Health;

/// <summary><c>/healthz/live</c>, <c>/healthz/ready</c> and its alias <c>/healthz</c>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HealthEndpointTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    [Fact]
    public async Task Live_is_healthy_while_a_camera_is_failed()
    {
        (HttpStatusCode status, JsonElement body) = await GetAsync(_gateway.Http, "healthz/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject()); // liveness runs no check
    }

    [Theory]
    [InlineData("healthz/ready")]
    [InlineData("healthz")]
    public async Task Ready_is_503_while_a_camera_is_failed_and_lists_every_camera_and_the_udp_binding(string path)
    {
        (HttpStatusCode status, JsonElement body) = await GetAsync(_gateway.Http, path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        JsonElement cameras = body.GetProperty("checks").GetProperty("cameras");
        Assert.Equal("Unhealthy", cameras.GetProperty("status").GetString());
        Assert.Contains("broken", cameras.GetProperty("description").GetString());
        JsonElement data = cameras.GetProperty("data");
        Assert.Equal(["cam0", "broken", "weird"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Failed", data.GetProperty("broken").GetProperty("state").GetString());
        Assert.Contains(GatewayFixture.MissingFile, data.GetProperty("broken").GetProperty("lastError").GetString());
        Assert.NotEqual("Failed", data.GetProperty("cam0").GetProperty("state").GetString());
        JsonElement udp = body.GetProperty("checks").GetProperty("udp");
        Assert.Equal("Healthy", udp.GetProperty("status").GetString());
        Assert.Equal($"0.0.0.0:{_gateway.UdpPort}", udp.GetProperty("data").GetProperty("localEndPoint").GetString());
    }

    /// <summary>A camera that fails makes the gateway unready; when it recovers the gateway is ready again. The camera is
    /// a <see cref="FakeCamera"/> whose state the test sets (a real camera's Failed state is final until restart).</summary>
    [Fact]
    public async Task Ready_turns_unhealthy_when_a_camera_fails_and_healthy_when_it_recovers()
    {
        var camera = new FakeCamera();
        WebApplication app = GatewayHost.Build(GatewayInstance.BaseArgs(), builder =>
            builder.Services.AddSingleton(new CameraHealthCheck(() => [camera])));
        await app.StartAsync();
        try
        {
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };

            (HttpStatusCode status, JsonElement body) = await GetAsync(http, "healthz/ready");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Streaming", body.GetProperty("checks").GetProperty("cameras").GetProperty("data").GetProperty("fake").GetProperty("state").GetString());

            camera.State = CameraState.Failed;
            (status, body) = await GetAsync(http, "healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            JsonElement fake = body.GetProperty("checks").GetProperty("cameras").GetProperty("data").GetProperty("fake");
            Assert.Equal("Failed", fake.GetProperty("state").GetString());
            Assert.Equal("fake failure", fake.GetProperty("lastError").GetString());
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "healthz/live")).Status);

            camera.State = CameraState.Restarting; // recovering is not a failure
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "healthz/ready")).Status);
            camera.State = CameraState.Streaming;
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "healthz")).Status);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Udp_check_is_unhealthy_when_the_socket_is_not_bound()
    {
        var transport = new RtcGateway.Server.Transport.UdpTransport(
            Microsoft.Extensions.Options.Options.Create(new RtcGateway.Server.Configuration.GatewayOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RtcGateway.Server.Transport.UdpTransport>.Instance);

        var result = await new UdpHealthCheck(transport).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Null(result.Data["localEndPoint"]);
    }
}
