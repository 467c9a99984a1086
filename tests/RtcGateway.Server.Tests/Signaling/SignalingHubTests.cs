using System.Text.Json.Nodes;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Signaling;

[Collection(GatewayCollection.Name)]
public sealed class SignalingHubTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task ListCameras_returns_cam0()
    {
        await using SignalRJsonClient hub = await SignalRJsonClient.ConnectAsync(_gateway.BaseAddress, "hubs/signaling", Timeout);

        JsonObject completion = await hub.InvokeAsync("ListCameras", [], Timeout);

        Assert.Null(completion["error"]);
        JsonArray cameras = completion["result"]!.AsArray();
        JsonObject cam0 = Assert.Single(cameras, c => c!["id"]!.GetValue<string>() == "cam0")!.AsObject();
        Assert.Equal(320, cam0["width"]!.GetValue<int>());
        Assert.True(cam0.ContainsKey("lastError"));
    }

    [Fact]
    public async Task Connect_to_unknown_camera_completes_with_the_error_text()
    {
        await using SignalRJsonClient hub = await SignalRJsonClient.ConnectAsync(_gateway.BaseAddress, "hubs/signaling", Timeout);

        JsonObject completion = await hub.InvokeAsync("Connect", ["nope", OfferFixtures.Chromium], Timeout);

        Assert.Null(completion["result"]);
        Assert.Contains("unknown camera 'nope'", completion["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Connect_with_malformed_offer_completes_with_the_reason()
    {
        await using SignalRJsonClient hub = await SignalRJsonClient.ConnectAsync(_gateway.BaseAddress, "hubs/signaling", Timeout);

        JsonObject completion = await hub.InvokeAsync("Connect", ["cam0", "garbage"], Timeout);

        Assert.Contains("SDP", completion["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Connect_answers_and_closing_the_websocket_ends_the_session()
    {
        SignalRJsonClient hub = await SignalRJsonClient.ConnectAsync(_gateway.BaseAddress, "hubs/signaling", Timeout);
        string sessionId;
        try
        {
            JsonObject completion = await hub.InvokeAsync("Connect", ["cam0", OfferFixtures.Chromium], Timeout);

            Assert.Null(completion["error"]);
            JsonObject result = completion["result"]!.AsObject();
            sessionId = result["sessionId"]!.GetValue<string>();
            string answer = result["answerSdp"]!.GetValue<string>();
            Assert.True(OfferFixtures.HasLine(answer, "a=ice-lite"), answer);
            Assert.True(_gateway.Sessions.TryGetSession(sessionId, out ViewerSession? session));
            Assert.NotNull(session!.OwnerConnectionId);

            // A hub session is not a WHEP resource.
            using HttpResponseMessage delete = await _gateway.Http.DeleteAsync($"api/cameras/cam0/whep/{sessionId}");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, delete.StatusCode);

            JsonObject candidate = await hub.InvokeAsync("AddIceCandidate", [sessionId, "candidate:1 1 udp 1 127.0.0.1 9 typ host"], Timeout);
            Assert.Null(candidate["error"]);
            JsonObject unknownCandidate = await hub.InvokeAsync("AddIceCandidate", ["nope", "candidate:1 1 udp 1 127.0.0.1 9 typ host"], Timeout);
            Assert.Contains("unknown session", unknownCandidate["error"]!.GetValue<string>());

            await hub.CloseSocketAsync(Timeout);
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
        await using SignalRJsonClient hub = await SignalRJsonClient.ConnectAsync(_gateway.BaseAddress, "hubs/signaling", Timeout);
        JsonObject completion = await hub.InvokeAsync("Connect", ["cam0", OfferFixtures.Chromium], Timeout);
        string sessionId = completion["result"]!["sessionId"]!.GetValue<string>();

        JsonObject disconnect = await hub.InvokeAsync("Disconnect", [sessionId], Timeout);

        Assert.Null(disconnect["error"]);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => !_gateway.Sessions.TryGetSession(sessionId, out _), TimeSpan.FromSeconds(5)));
        // The SessionClosed push arrives before (or interleaved with) later completions.
        for (int i = 0; i < 50 && !hub.ServerInvocations.Exists(m => m.Target == "SessionClosed"); i++)
        {
            await hub.InvokeAsync("ListCameras", [], Timeout);
            await Task.Delay(20);
        }

        var closed = Assert.Single(hub.ServerInvocations, m => m.Target == "SessionClosed");
        Assert.Equal(sessionId, closed.Arguments[0]!.GetValue<string>());
        Assert.Equal("viewer disconnected", closed.Arguments[1]!.GetValue<string>());
    }
}
