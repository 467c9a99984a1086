using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

/// <summary>Issue 5 item 5: the viewer's operator panel (web/src/control-panel.ts) against a real gateway, Chromium and a
/// UDP "robot" on the control bridge.</summary>
public class OperatorPanelTests
{
    private const int ControlHz = 20;

    private static readonly PageWaitForFunctionOptions Wait10s = new() { Timeout = 10_000, PollingInterval = 100 };

    [Fact]
    public async Task Arrow_key_drives_the_robot_at_the_configured_rate_then_zero_then_deadman_and_a_second_page_watches()
    {
        using var robot = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int robotPort = ((IPEndPoint)robot.Client.LocalEndPoint!).Port;
        var received = new ConcurrentQueue<(long AtMs, JsonNode Datagram, IPEndPoint From)>();
        var clock = Stopwatch.StartNew();
        using var stopRobot = new CancellationTokenSource();
        Task robotLoop = Task.Run(async () =>
        {
            while (!stopRobot.IsCancellationRequested)
            {
                UdpReceiveResult r = await robot.ReceiveAsync(stopRobot.Token);
                received.Enqueue((clock.ElapsedMilliseconds, JsonNode.Parse(r.Buffer)!, r.RemoteEndPoint));
            }
        });

        await using GatewayInstance gw = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.Clip(0, "cam0", "car-detection.mp4"),
            $"--Gateway:Control:ForwardTo=127.0.0.1:{robotPort}",
            "--Gateway:Control:DeadmanTimeoutMs=500",
        ]);
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        string url = $"{gw.BaseUrl}/?cameras=cam0&control=1&controlHz={ControlHz}";
        var errors = new List<string>();

        // 1. The operator: live video and the lease.
        IPage operatorPage = await chromium.Browser.NewPageAsync();
        operatorPage.PageError += (_, e) => errors.Add(e);
        await operatorPage.GotoAsync(url);
        await operatorPage.WaitForFunctionAsync(
            "() => window.rtcgw?.tiles?.cam0?.framesDecoded > 0 && window.rtcgw.tiles.cam0.control.lease === 'holder'", null,
            new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 100 });
        string operatorSession = await operatorPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.sessionId");
        Assert.Equal(operatorSession, await operatorPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.control.holder"));
        Assert.Equal("You have control", (await operatorPage.Locator("article.tile .control .lease").TextContentAsync())?.Trim());
        Assert.Equal("open", await operatorPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.control.channelState"));
        await operatorPage.WaitForFunctionAsync("() => window.rtcgw.tiles.cam0.control.rttMs !== null", null, Wait10s);
        Assert.Empty(received); // pings stay in the gateway

        // 2. ArrowUp held for ~1 s → drive commands with linear > 0 at ≈ ControlHz, then one zero command.
        await operatorPage.Locator("article.tile section.control").FocusAsync();
        await operatorPage.Keyboard.DownAsync("ArrowUp");
        await operatorPage.WaitForTimeoutAsync(1000);
        await operatorPage.Keyboard.UpAsync("ArrowUp");

        // 3. Silence after the zero → the gateway's deadman reaches the robot and the panel.
        (long AtMs, JsonNode Datagram) deadman = await WaitForAsync(received, d => d["type"]?.GetValue<string>() == "deadman", clock);
        var drives = received.Where(r => r.Datagram["message"]?["type"]?.GetValue<string>() == "drive").ToList();
        var forward = drives.Where(r => r.Datagram["message"]!["linear"]!.GetValue<double>() > 0).ToList();
        var zeros = drives.Where(r => r.Datagram["message"]!["linear"]!.GetValue<double>() == 0
            && r.Datagram["message"]!["angular"]!.GetValue<double>() == 0).ToList();
        Assert.True(forward.Count >= 10, $"only {forward.Count} forward commands");
        double spanS = (forward[^1].AtMs - forward[0].AtMs) / 1000.0;
        double rateHz = (forward.Count - 1) / spanS;
        Assert.InRange(rateHz, ControlHz * 0.7, ControlHz * 1.3);
        Assert.Single(zeros);
        Assert.True(zeros[0].AtMs >= forward[^1].AtMs, "the zero command came before the last forward command");
        Assert.Equal(drives.Count, forward.Count + 1);
        Assert.All(drives, r => Assert.Equal(operatorSession, r.Datagram["session"]!.GetValue<string>()));
        long[] seqs = drives.Select(r => r.Datagram["seq"]!.GetValue<long>()).ToArray();
        Assert.Equal(seqs.Order(), seqs);
        long silenceMs = deadman.AtMs - zeros[0].AtMs;
        Assert.InRange(silenceMs, 400, 900);
        Assert.Equal(operatorSession, deadman.Datagram["session"]!.GetValue<string>());
        await operatorPage.WaitForFunctionAsync("() => window.rtcgw.tiles.cam0.control.lastDeadman !== null", null, Wait10s);
        Assert.Contains("500 ms", await operatorPage.Locator("article.tile .control dd.tripped").TextContentAsync());
        Assert.Equal(drives.Count, await operatorPage.EvaluateAsync<int>("() => window.rtcgw.tiles.cam0.control.commandsSent"));

        // 4. A second page (panel closed: no control channel) opens the panel with the Control button: the tile reconnects
        //    with the channel, watches and is told who holds control.
        IPage watcherPage = await chromium.Browser.NewPageAsync();
        watcherPage.PageError += (_, e) => errors.Add(e);
        await watcherPage.GotoAsync($"{gw.BaseUrl}/?cameras=cam0");
        await watcherPage.WaitForFunctionAsync("() => window.rtcgw?.tiles?.cam0?.status === 'live'", null,
            new PageWaitForFunctionOptions { Timeout = 20_000, PollingInterval = 100 });
        Assert.Equal("none", await watcherPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.control.channelState"));
        Assert.True(await watcherPage.Locator("article.tile section.control").IsHiddenAsync());
        await watcherPage.Locator("article.tile button.control-toggle").ClickAsync();
        Assert.Equal("true", await watcherPage.Locator("article.tile button.control-toggle").GetAttributeAsync("aria-expanded"));
        await watcherPage.WaitForFunctionAsync("() => window.rtcgw.tiles.cam0.control.lease === 'watching'", null,
            new PageWaitForFunctionOptions { Timeout = 20_000, PollingInterval = 100 });
        Assert.Equal(operatorSession, await watcherPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.control.holder"));
        Assert.Equal($"Watching — controlled by {operatorSession}",
            (await watcherPage.Locator("article.tile .control .lease").TextContentAsync())?.Trim());

        // 5. Telemetry from the robot to the bridge's source endpoint reaches the holder only.
        IPEndPoint bridge = received.First().From;
        byte[] telemetry = Encoding.UTF8.GetBytes("""{"battery":12.5,"odometry":{"x":1.25}}""");
        await robot.SendAsync(telemetry, telemetry.Length, bridge);
        await operatorPage.WaitForFunctionAsync("() => window.rtcgw.tiles.cam0.control.lastTelemetry?.includes('battery')", null, Wait10s);
        Assert.Equal("""{"battery":12.5,"odometry":{"x":1.25}}""",
            await operatorPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.control.lastTelemetry"));
        Assert.Contains("battery", await operatorPage.Locator("article.tile .control dd.telemetry").TextContentAsync());
        Assert.Null(await watcherPage.EvaluateAsync<string?>("() => window.rtcgw.tiles.cam0.control.lastTelemetry"));

        // 6. Release hands control to the watcher.
        await operatorPage.Locator("article.tile .control button.release").ClickAsync();
        await watcherPage.WaitForFunctionAsync("() => window.rtcgw.tiles.cam0.control.lease === 'holder'", null, Wait10s);
        string watcherSession = await watcherPage.EvaluateAsync<string>("() => window.rtcgw.tiles.cam0.sessionId");
        await operatorPage.WaitForFunctionAsync(
            $"() => window.rtcgw.tiles.cam0.control.lease === 'watching' && window.rtcgw.tiles.cam0.control.holder === '{watcherSession}'",
            null, Wait10s);
        Assert.True(await operatorPage.Locator("article.tile .control button.acquire").IsEnabledAsync());

        Assert.Empty(errors);
        stopRobot.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => robotLoop);
    }

    private static async Task<(long AtMs, JsonNode Datagram)> WaitForAsync(
        ConcurrentQueue<(long AtMs, JsonNode Datagram, IPEndPoint From)> received, Func<JsonNode, bool> match, Stopwatch clock)
    {
        long deadline = clock.ElapsedMilliseconds + 5000;
        while (clock.ElapsedMilliseconds < deadline)
        {
            foreach ((long at, JsonNode datagram, IPEndPoint _) in received)
            {
                if (match(datagram))
                {
                    return (at, datagram);
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the robot did not receive the expected datagram within 5 s; got: "
            + string.Join(" | ", received.Select(r => r.Datagram.ToJsonString())));
    }
}
