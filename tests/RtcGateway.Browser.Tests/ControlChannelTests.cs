using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

/// <summary>Issue 5: the teleoperation <c>control</c> data channel in a real Chromium, end to end to a robot UDP socket.</summary>
public class ControlChannelTests
{
    private const string OpenScript = """
        async ({ camera, label, options }) => {
          const pc = new RTCPeerConnection();
          pc.addTransceiver('video', { direction: 'recvonly' });
          const channels = {};
          const inbox = { control: [], echo: [] };
          const open = [];
          for (const [name, opts] of [['control', options], ['echo', {}]]) {
            const ch = pc.createDataChannel(name, opts);
            ch.binaryType = 'arraybuffer';
            ch.onmessage = (e) => inbox[name].push(typeof e.data === 'string' ? e.data : e.data.byteLength);
            channels[name] = ch;
            open.push(new Promise((resolve, reject) => { ch.onopen = resolve; setTimeout(() => reject(new Error(name + ' did not open')), 15000); }));
          }
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          const r = await fetch('/api/cameras/' + camera + '/whep', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
          if (r.status !== 201) throw new Error('WHEP ' + r.status + ' ' + await r.text());
          const location = r.headers.get('Location');
          await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
          await Promise.all(open);
          window[label] = { pc, channels, inbox, location };
          return true;
        }
        """;

    [Fact]
    public async Task Control_channel_opens_grants_the_lease_answers_pings_and_forwards_commands_in_order()
    {
        using var robot = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int robotPort = ((IPEndPoint)robot.Client.LocalEndPoint!).Port;
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.Clip(0, "cam0", "car-detection.mp4"),
            $"--Gateway:Control:ForwardTo=127.0.0.1:{robotPort}",
            "--Gateway:Control:DeadmanTimeoutMs=500",
        ]);
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(gw.BaseUrl + "/whep.html?camera=none");
        await page.EvaluateAsync(OpenScript, new { camera = "cam0", label = "op", options = new { ordered = false, maxRetransmits = 0 } });
        await page.WaitForFunctionAsync("() => window.op.inbox.control.length > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        JsonNode lease = JsonNode.Parse(await page.EvaluateAsync<string>("() => window.op.inbox.control[0]"))!;
        Assert.Equal("lease", lease["type"]!.GetValue<string>());
        Assert.True(lease["granted"]!.GetValue<bool>());

        await page.EvaluateAsync("() => window.op.channels.control.send(JSON.stringify({ type: 'ping', id: 1, t: performance.now() }))");
        await page.WaitForFunctionAsync("() => window.op.inbox.control.some(m => m.includes('pong'))", null, new PageWaitForFunctionOptions { Timeout = 5_000 });

        await page.EvaluateAsync("() => window.op.channels.control.send(JSON.stringify({ type: 'drive', v: 1, ack: true, id: 'a' }))");
        UdpReceiveResult received = await robot.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        JsonNode datagram = JsonNode.Parse(received.Buffer)!;
        Assert.Equal(1, datagram["seq"]!.GetValue<long>());
        Assert.Equal("drive", datagram["message"]!["type"]!.GetValue<string>());
        await page.WaitForFunctionAsync("() => window.op.inbox.control.some(m => m.includes('\"ack\"'))", null, new PageWaitForFunctionOptions { Timeout = 5_000 });

        // Deadman: silence after a command → the robot gets a stop within DeadmanTimeoutMs + 100 ms.
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        UdpReceiveResult stop = await robot.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("deadman", JsonNode.Parse(stop.Buffer)!["type"]!.GetValue<string>());
        Assert.InRange(stopwatch.ElapsedMilliseconds, 300, 900);
    }

    [Fact]
    public async Task Reliable_channel_round_trips_64_KiB()
    {
        await using GatewayInstance gw = await GatewayInstance.StartAsync(GatewayInstance.Clip(0, "cam0", "car-detection.mp4"));
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(gw.BaseUrl + "/whep.html?camera=none");
        await page.EvaluateAsync(OpenScript, new { camera = "cam0", label = "op", options = new { } });
        await page.EvaluateAsync("() => window.op.channels.echo.send(new Uint8Array(65536).fill(7))");
        await page.WaitForFunctionAsync("() => window.op.inbox.echo.includes(65536)", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }
}
