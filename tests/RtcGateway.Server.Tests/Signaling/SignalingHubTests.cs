using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Signaling;

/// <summary>
/// The signalling hub through the ASP.NET Core SignalR client (WebSockets transport, JSON hub protocol: the browser
/// viewer's wire format). Results are read as JSON nodes so the tests see the camelCase shape the viewer reads.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SignalingHubTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task ListCameras_returns_cam0()
    {
        await using HubConnection hub = await ConnectAsync();

        JsonArray cameras = await hub.InvokeAsync<JsonArray>("ListCameras", Timeout);

        JsonObject cam0 = Assert.Single(cameras, c => c!["id"]!.GetValue<string>() == "cam0")!.AsObject();
        Assert.Equal(320, cam0["width"]!.GetValue<int>());
        Assert.True(cam0.ContainsKey("lastError"));
    }

    [Fact]
    public async Task Connect_to_unknown_camera_completes_with_the_error_text()
    {
        await using HubConnection hub = await ConnectAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(
            () => hub.InvokeAsync<JsonObject>("Connect", "nope", OfferFixtures.Chromium, Timeout));

        Assert.Contains("unknown camera 'nope'", error.Message);
    }

    [Fact]
    public async Task Connect_with_malformed_offer_completes_with_the_reason()
    {
        await using HubConnection hub = await ConnectAsync();

        HubException error = await Assert.ThrowsAsync<HubException>(
            () => hub.InvokeAsync<JsonObject>("Connect", "cam0", "garbage", Timeout));

        Assert.Contains("SDP", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connect_answers_and_closing_the_connection_ends_the_session()
    {
        HubConnection hub = await ConnectAsync();
        string sessionId;
        try
        {
            JsonObject result = await hub.InvokeAsync<JsonObject>("Connect", "cam0", OfferFixtures.Chromium, Timeout);

            sessionId = result["sessionId"]!.GetValue<string>();
            string answer = result["answerSdp"]!.GetValue<string>();
            Assert.True(OfferFixtures.HasLine(answer, "a=ice-lite"), answer);
            Assert.True(_gateway.Sessions.TryGetSession(sessionId, out ViewerSession? session));
            Assert.NotNull(session!.OwnerConnectionId);

            // A hub session is not a WHEP resource.
            using HttpResponseMessage delete = await _gateway.Http.DeleteAsync($"api/cameras/cam0/whep/{sessionId}");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, delete.StatusCode);

            await hub.InvokeAsync("AddIceCandidate", sessionId, "candidate:1 1 udp 1 127.0.0.1 9 typ host", Timeout);
            HubException unknownCandidate = await Assert.ThrowsAsync<HubException>(
                () => hub.InvokeAsync("AddIceCandidate", "nope", "candidate:1 1 udp 1 127.0.0.1 9 typ host", Timeout));
            Assert.Contains("unknown session", unknownCandidate.Message);

            // The client closes its WebSocket without calling Disconnect (like a closed tab).
            await hub.StopAsync(Timeout);
        }
        finally
        {
            await hub.DisposeAsync();
        }

        Assert.True(await GatewayInstance.WaitUntilAsync(() => !_gateway.Sessions.TryGetSession(sessionId, out _), TimeSpan.FromSeconds(5)),
            "session still alive after its hub connection closed");
        Assert.DoesNotContain(_gateway.Sessions.Sessions, s => s.Id == sessionId);
    }

    [Fact]
    public async Task Disconnect_ends_the_session_and_pushes_SessionClosed()
    {
        await using HubConnection hub = await ConnectAsync();
        var closed = Channel.CreateUnbounded<(string SessionId, string Reason)>();
        using IDisposable handler = hub.On<string, string>("SessionClosed", (id, reason) => closed.Writer.TryWrite((id, reason)));
        JsonObject result = await hub.InvokeAsync<JsonObject>("Connect", "cam0", OfferFixtures.Chromium, Timeout);
        string sessionId = result["sessionId"]!.GetValue<string>();

        await hub.InvokeAsync("Disconnect", sessionId, Timeout);

        Assert.True(await GatewayInstance.WaitUntilAsync(() => !_gateway.Sessions.TryGetSession(sessionId, out _), TimeSpan.FromSeconds(5)));
        (string SessionId, string Reason) pushed = await closed.Reader.ReadAsync(Timeout);
        Assert.Equal((sessionId, "viewer disconnected"), pushed);
        await hub.InvokeAsync<JsonArray>("ListCameras", Timeout); // pushes are ordered before this completion
        Assert.False(closed.Reader.TryRead(out _), "SessionClosed pushed more than once");
    }

    private async Task<HubConnection> ConnectAsync()
    {
        HubConnection hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_gateway.BaseAddress, "hubs/signaling"), HttpTransportType.WebSockets)
            .AddJsonProtocol()
            .Build();
        await hub.StartAsync(Timeout);
        return hub;
    }
}
