using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Server.Control;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>Issue 5: the teleoperation <c>control</c> data channel in a real Chromium, end to end to a robot UDP socket.</summary>
public class ControlChannelTests(ITestOutputHelper output)
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
          // take(type): the next not yet taken control message of that type (JSON text) or null — for WaitForFunction.
          const cursor = {};
          const take = (type) => {
            for (let i = cursor[type] ?? 0; i < inbox.control.length; i++) {
              const m = JSON.parse(inbox.control[i]);
              if (m.type === type) { cursor[type] = i + 1; return inbox.control[i]; }
            }
            return null;
          };
          window[label] = { pc, channels, inbox, location, take };
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
            .. TestCamera(),
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
        await using GatewayInstance gw = await GatewayInstance.StartAsync(TestCamera());
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(gw.BaseUrl + "/whep.html?camera=none");
        await page.EvaluateAsync(OpenScript, new { camera = "cam0", label = "op", options = new { } });
        await page.EvaluateAsync("() => window.op.channels.echo.send(new Uint8Array(65536).fill(7))");
        await page.WaitForFunctionAsync("() => window.op.inbox.echo.includes(65536)", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        // Chromium's own view of the transport (issue 3 interop): DTLS 1.2 connected with the browser as DTLS client,
        // SRTP keyed with our preferred profile, and video decoded.
        await page.WaitForFunctionAsync(
            "async () => { const s = await window.op.pc.getStats(); for (const r of s.values()) if (r.type === 'inbound-rtp' && r.kind === 'video' && r.framesDecoded > 5) return true; return false; }",
            null, new PageWaitForFunctionOptions { Timeout = 15_000, PollingInterval = 250 });
        string transport = await page.EvaluateAsync<string>(
            "async () => { const s = await window.op.pc.getStats(); for (const r of s.values()) if (r.type === 'transport') return JSON.stringify(r); return '{}'; }");
        JsonNode t = JsonNode.Parse(transport)!;
        Assert.Equal("connected", t["dtlsState"]?.GetValue<string>());
        Assert.Equal("client", t["dtlsRole"]?.GetValue<string>());
        Assert.Equal("FEFD", t["tlsVersion"]?.GetValue<string>());
        Assert.Equal("SRTP_AES128_CM_HMAC_SHA1_80", t["srtpCipher"]?.GetValue<string>());
    }

    private const string ReopenScript = """
        async ({ label, name, options }) => {
          const op = window[label];
          const ch = op.pc.createDataChannel(name, options);
          ch.binaryType = 'arraybuffer';
          ch.onmessage = (e) => op.inbox[name].push(typeof e.data === 'string' ? e.data : e.data.byteLength);
          op.channels[name] = ch;
          await new Promise((resolve, reject) => { ch.onopen = resolve; setTimeout(() => reject(new Error(name + ' did not reopen')), 10000); });
          return ch.id;
        }
        """;

    private const string CloseChannelScript = """
        async ({ label, name }) => {
          const ch = window[label].channels[name];
          ch.close();
          await new Promise((resolve, reject) => {
            if (ch.readyState === 'closed') resolve();
            ch.onclose = resolve;
            setTimeout(() => reject(new Error(name + ' stuck in ' + ch.readyState)), 10000);
          });
          return ch.readyState;
        }
        """;

    /// <summary>count commands and count pings at 1000/periodMs Hz on a timed loop (late ticks catch up), then waits for
    /// the pongs; returns the RTTs (performance.now() in the page, ms).</summary>
    private const string DriveScript = """
        async ({ label, count, periodMs }) => {
          const op = window[label];
          const ch = op.channels.control;
          const rtts = [];
          ch.addEventListener('message', (e) => {
            if (typeof e.data !== 'string') return;
            const m = JSON.parse(e.data);
            if (m.type === 'pong') rtts.push(performance.now() - m.t);
          });
          const start = performance.now();
          let sent = 0;
          await new Promise((resolve) => {
            const tick = () => {
              while (sent < count && start + sent * periodMs <= performance.now()) {
                ch.send(JSON.stringify({ type: 'drive', n: sent, v: 0.5, w: -0.25, sentAt: performance.timeOrigin + performance.now() }));
                ch.send(JSON.stringify({ type: 'ping', id: sent, t: performance.now() }));
                sent++;
              }
              if (sent >= count) resolve(); else setTimeout(tick, Math.max(0, start + sent * periodMs - performance.now()));
            };
            tick();
          });
          const elapsedMs = performance.now() - start;
          const until = performance.now() + 3000;
          while (rtts.length < count && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
          return { sent, elapsedMs, rtts };
        }
        """;

    private sealed class DriveResult
    {
        public int Sent { get; set; }

        public double ElapsedMs { get; set; }

        public double[] Rtts { get; set; } = [];
    }

    [Fact]
    public async Task Thousand_commands_at_100_Hz_on_an_unordered_unreliable_channel_all_reach_the_robot_in_order_then_silence_trips_the_deadman()
    {
        const int count = 1000;
        const int deadmanMs = 500;
        using var robot = new RobotListener();
        await using GatewayInstance gw = await GatewayInstance.StartAsync([.. TestCamera(), robot.ForwardToArgument, $"--Gateway:Control:DeadmanTimeoutMs={deadmanMs}"]);
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await OpenAsync(chromium, gw, "op", new { ordered = false, maxRetransmits = 0 });
        JsonObject lease = await TakeAsync(page, "op", "lease");
        Assert.True(lease["granted"]!.GetValue<bool>());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.op.channels.control.maxRetransmits"));
        Assert.False(await page.EvaluateAsync<bool>("() => window.op.channels.control.ordered"));

        DriveResult drive = await page.EvaluateAsync<DriveResult>(DriveScript, new { label = "op", count, periodMs = 10 });
        Assert.Equal(count, drive.Sent);

        // Read every command and the stop that follows the last one. A stop in the middle is legitimate only when the
        // gateway really received nothing for a deadman period (a host stall under heavy CPU load): it is reported
        // with where the gap came from (sentAt: the page stalled; receivedAt only: the path to the gateway stalled).
        var commands = new List<RobotDatagram>(count);
        RobotDatagram? stop = null;
        while (stop is null)
        {
            RobotDatagram d = await robot.NextAsync(TimeSpan.FromSeconds(5));
            if (!d.IsDeadman)
            {
                commands.Add(d);
            }
            else if (commands.Count == count)
            {
                stop = d;
            }
            else
            {
                Assert.True(commands.Count > 0, "deadman before the first command");
                RobotDatagram previous = commands[^1];
                RobotDatagram next = await robot.NextAsync(TimeSpan.FromSeconds(5));
                Assert.False(next.IsDeadman);
                commands.Add(next);
                double sentGap = next.Message["sentAt"]!.GetValue<double>() - previous.Message["sentAt"]!.GetValue<double>();
                double receivedGap = next.Json["receivedAt"]!.GetValue<double>() - previous.Json["receivedAt"]!.GetValue<double>();
                // Legitimate only if the robot really saw no command for a deadman period just before: the gateway's
                // process stalled (a host under heavy CPU load); the timer callback then runs late, right after the
                // backlog was handled in a burst, so the stop follows the burst's first command(s).
                double robotGap = d.MsSince(previous);
                for (int i = Math.Max(1, commands.Count - 100); i < commands.Count; i++)
                {
                    robotGap = Math.Max(robotGap, commands[i].MsSince(commands[i - 1]));
                }

                output.WriteLine($"mid-stream stop after n={previous.Message["n"]} ({d.Reason}): the robot's longest gap before it {robotGap:F0} ms; page sent the next command {sentGap:F0} ms later, the control service handled it {receivedGap:F0} ms later");
                Assert.True(robotGap >= deadmanMs - 50, $"deadman mid-stream although the robot's longest gap before it was {robotGap:F0} ms");
            }
        }

        // Every command, in order of seq, none lost or reordered on loopback (unordered, maxRetransmits 0).
        Assert.Equal(count, commands.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i + 1, commands[i].Seq);
            Assert.Equal(i, commands[i].Message["n"]!.GetValue<int>());
        }

        // Deadman: measured at the robot from the last command's arrival to the stop's arrival.
        double silenceToStopMs = stop.MsSince(commands[^1]);
        Assert.StartsWith("no command", stop.Reason);
        Assert.InRange(silenceToStopMs, 0, deadmanMs + 100);
        double lastGapMs = commands[^1].Json["receivedAt"]!.GetValue<double>() - commands[^2].Json["receivedAt"]!.GetValue<double>();
        if (lastGapMs < deadmanMs - 50)
        {
            Assert.InRange(silenceToStopMs, deadmanMs - 50, deadmanMs + 100); // the stop did not come early
        }
        else
        {
            // The host stalled the gateway for a whole deadman period before the last command: the timer fired while that
            // command was being handled, so the stop follows it at once (seen under a load average of 13 on 2 cores).
            output.WriteLine($"gateway received the last command {lastGapMs:F0} ms after the previous one (host stall)");
        }

        JsonObject clientStop = await TakeAsync(page, "op", "deadman");
        Assert.StartsWith("no command", clientStop["reason"]!.GetValue<string>());

        double[] oneWay = commands.Select(c => c.ArrivalUnixMs - c.Message["sentAt"]!.GetValue<double>()).Order().ToArray();
        double[] rtts = drive.Rtts.Order().ToArray();
        output.WriteLine($"{count} commands in {drive.ElapsedMs:F0} ms ({count * 1000 / drive.ElapsedMs:F1} Hz); all received in seq order");
        output.WriteLine($"ping RTT browser→gateway→browser ({rtts.Length} pongs): p50 {Percentile(rtts, 50):F2} ms, p99 {Percentile(rtts, 99):F2} ms, max {rtts[^1]:F2} ms");
        output.WriteLine($"command one-way browser→robot: p50 {Percentile(oneWay, 50):F2} ms, p99 {Percentile(oneWay, 99):F2} ms (same machine clock)");
        output.WriteLine($"deadman: stop arrived {silenceToStopMs:F1} ms after the last command (timeout {deadmanMs} ms)");
        Assert.True(rtts.Length >= count * 99 / 100, $"only {rtts.Length} pongs of {count}");
        Assert.InRange(Percentile(rtts, 99), 0, 1_000); // sanity only: the tail follows the host's CPU load
    }

    [Fact]
    public async Task Closing_channels_from_the_browser_closes_them_on_both_sides_and_reopening_the_same_label_works()
    {
        using var robot = new RobotListener();
        await using GatewayInstance gw = await GatewayInstance.StartAsync([.. TestCamera(), robot.ForwardToArgument, "--Gateway:Control:DeadmanTimeoutMs=5000"]);
        ControlService control = gw.Services.GetRequiredService<ControlService>();
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await OpenAsync(chromium, gw, "op", new { ordered = false, maxRetransmits = 0 });
        string session = (await TakeAsync(page, "op", "lease"))["holder"]!.GetValue<string>();
        Assert.Equal(session, control.HolderOf("cam0"));

        for (int cycle = 1; cycle <= 2; cycle++)
        {
            // The control channel: closing it releases the lease (the robot gets a stop), reopening grants it again.
            await page.EvaluateAsync($"() => window.op.channels.control.send(JSON.stringify({{ type: 'drive', cycle: {cycle} }}))");
            RobotDatagram command = await robot.NextAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(1, command.Seq); // a new channel starts a new sequence
            Assert.Equal(cycle, command.Message["cycle"]!.GetValue<int>());

            Assert.Equal("closed", await page.EvaluateAsync<string>(CloseChannelScript, new { label = "op", name = "control" }));
            RobotDatagram stop = await robot.NextDeadmanAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("control channel closed", stop.Reason);
            Assert.Equal(session, stop.Session);
            Assert.Null(control.HolderOf("cam0"));

            await page.EvaluateAsync<int>(ReopenScript, new { label = "op", name = "control", options = new { ordered = false, maxRetransmits = 0 } });
            JsonObject lease = await TakeAsync(page, "op", "lease");
            Assert.True(lease["granted"]!.GetValue<bool>());
            Assert.Equal(session, control.HolderOf("cam0"));

            // The echo channel (reliable, ordered): closed on both sides, reopened, and it round-trips again.
            Assert.Equal("closed", await page.EvaluateAsync<string>(CloseChannelScript, new { label = "op", name = "echo" }));
            await page.EvaluateAsync<int>(ReopenScript, new { label = "op", name = "echo", options = new { } });
            string text = $"hello {cycle}";
            await page.EvaluateAsync("t => window.op.channels.echo.send(t)", text);
            await page.WaitForFunctionAsync("t => window.op.inbox.echo.includes(t)", text, new PageWaitForFunctionOptions { Timeout = 5_000 });
        }

        // The session survived both cycles: still connected and the channels still carry messages.
        await page.EvaluateAsync("() => window.op.channels.control.send(JSON.stringify({ type: 'ping', id: 99, t: 0 }))");
        JsonObject pong = await TakeAsync(page, "op", "pong");
        Assert.Equal(99, pong["id"]!.GetValue<int>());
        Assert.Equal("connected", await page.EvaluateAsync<string>("() => window.op.pc.connectionState"));
    }

    [Fact]
    public async Task Closing_the_page_stops_the_robot_by_the_deadman_then_again_when_ICE_consent_expires()
    {
        // Chromium sends nothing when a page is closed (no SCTP ABORT, no DTLS close_notify, unlike pc.close()): the
        // armed deadman stops the robot first; the session itself only ends when ICE consent expires (default 15 s,
        // lowered here), which releases the lease with a second stop.
        const int deadmanMs = 1000;
        const int consentMs = 5000; // Chromium checks a stable pair every ~2.5 s: consent cannot expire before the deadman
        using var robot = new RobotListener();
        await using GatewayInstance gw = await GatewayInstance.StartAsync([.. TestCamera(), robot.ForwardToArgument,
            $"--Gateway:Control:DeadmanTimeoutMs={deadmanMs}", $"--Gateway:WebRtc:ConsentTimeoutMs={consentMs}"]);
        ControlService control = gw.Services.GetRequiredService<ControlService>();
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage page = await OpenAsync(chromium, gw, "op", new { ordered = false, maxRetransmits = 0 });
        Assert.True((await TakeAsync(page, "op", "lease"))["granted"]!.GetValue<bool>());
        await page.EvaluateAsync("() => window.op.channels.control.send(JSON.stringify({ type: 'drive', v: 1 }))");
        RobotDatagram command = await robot.NextAsync(TimeSpan.FromSeconds(5));

        var closing = System.Diagnostics.Stopwatch.StartNew();
        await page.CloseAsync();
        RobotDatagram deadman = await robot.NextDeadmanAsync(TimeSpan.FromSeconds(5));
        output.WriteLine($"page closed → first stop {deadman.MsSince(command):F0} ms after the last command: \"{deadman.Reason}\"");
        Assert.Equal($"no command for {deadmanMs} ms", deadman.Reason);
        Assert.InRange(deadman.MsSince(command), deadmanMs - 50, deadmanMs + 100);
        Assert.Equal(command.Session, control.HolderOf("cam0")); // the session is not gone yet

        RobotDatagram ended = await robot.NextDeadmanAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"page closed → session end stop after {closing.ElapsedMilliseconds} ms: \"{ended.Reason}\"");
        Assert.Equal(command.Session, ended.Session);
        Assert.Contains("consent expired", ended.Reason);
        Assert.Null(control.HolderOf("cam0"));
        Assert.InRange(closing.ElapsedMilliseconds, 0, consentMs + 1_500);
    }

    [Fact]
    public async Task A_second_session_is_refused_control_until_the_first_disconnects_and_telemetry_reaches_the_holder_only()
    {
        using var robot = new RobotListener();
        await using GatewayInstance gw = await GatewayInstance.StartAsync([.. TestCamera(), robot.ForwardToArgument, "--Gateway:Control:DeadmanTimeoutMs=5000"]);
        ControlService control = gw.Services.GetRequiredService<ControlService>();
        await using ChromiumSession chromium = await ChromiumSession.LaunchAsync();
        IPage a = await OpenAsync(chromium, gw, "a", new { ordered = false, maxRetransmits = 0 });
        string sessionA = (await TakeAsync(a, "a", "lease"))["holder"]!.GetValue<string>();
        IPage b = await OpenAsync(chromium, gw, "b", new { ordered = false, maxRetransmits = 0 });
        JsonObject refused = await TakeAsync(b, "b", "lease");
        Assert.False(refused["granted"]!.GetValue<bool>());
        Assert.Equal(sessionA, refused["holder"]!.GetValue<string>());

        // B's command is refused with a reason and never reaches the robot; A's goes through.
        await b.EvaluateAsync("() => window.b.channels.control.send(JSON.stringify({ type: 'drive', from: 'b' }))");
        JsonObject error = await TakeAsync(b, "b", "error");
        Assert.Contains(sessionA, error["reason"]!.GetValue<string>());
        Assert.Equal(1, control.CommandsRefused);
        await a.EvaluateAsync("() => window.a.channels.control.send(JSON.stringify({ type: 'drive', from: 'a' }))");
        RobotDatagram fromA = await robot.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("a", fromA.Message["from"]!.GetValue<string>());
        Assert.Equal(sessionA, fromA.Session);

        // Telemetry from the robot to the bridge's source endpoint reaches the holder's page (and not the watcher's).
        await robot.SendToBridgeAsync("""{"battery":0.87,"speed":1.5}""");
        JsonObject telemetry = await TakeAsync(a, "a", "telemetry");
        Assert.Equal(0.87, telemetry["data"]!["battery"]!.GetValue<double>());
        await a.EvaluateAsync("() => window.a.channels.control.send(JSON.stringify({ type: 'ping', id: 1, t: 0 }))");
        await TakeAsync(a, "a", "pong");
        await b.EvaluateAsync("() => window.b.channels.control.send(JSON.stringify({ type: 'ping', id: 1, t: 0 }))");
        await TakeAsync(b, "b", "pong"); // B's channel is drained past the time the telemetry was relayed
        Assert.Null(await b.EvaluateAsync<string?>("() => window.b.take('telemetry')"));

        // A leaves by WHEP DELETE: the robot is stopped and B is granted control.
        Assert.True(await a.EvaluateAsync<bool>("async () => (await fetch(window.a.location, { method: 'DELETE' })).ok"));
        RobotDatagram stopA = await robot.NextDeadmanAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(sessionA, stopA.Session);
        JsonObject granted = await TakeAsync(b, "b", "lease");
        Assert.True(granted["granted"]!.GetValue<bool>());
        string sessionB = granted["holder"]!.GetValue<string>();
        Assert.NotEqual(sessionA, sessionB);
        await b.EvaluateAsync("() => window.b.channels.control.send(JSON.stringify({ type: 'drive', from: 'b' }))");
        RobotDatagram fromB = await robot.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(sessionB, fromB.Session);

        // C waits behind B; B leaves by pc.close(): C is granted control.
        IPage c = await OpenAsync(chromium, gw, "c", new { ordered = false, maxRetransmits = 0 });
        JsonObject waiting = await TakeAsync(c, "c", "lease");
        Assert.False(waiting["granted"]!.GetValue<bool>());
        Assert.Equal(sessionB, waiting["holder"]!.GetValue<string>());
        await b.EvaluateAsync("() => window.b.pc.close()");
        var closing = System.Diagnostics.Stopwatch.StartNew();
        RobotDatagram stopB = await robot.NextDeadmanAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(sessionB, stopB.Session);
        JsonObject grantedC = await TakeAsync(c, "c", "lease");
        Assert.True(grantedC["granted"]!.GetValue<bool>());
        output.WriteLine($"pc.close() → stop after {closing.ElapsedMilliseconds} ms, reason \"{stopB.Reason}\"; C granted");
        Assert.Equal(grantedC["holder"]!.GetValue<string>(), control.HolderOf("cam0"));
    }

    /// <summary>A synthetic camera (videotestsrc), small so the tests stay light on 2 cores.</summary>
    private static IEnumerable<string> TestCamera(int width = 320, int height = 240, int fps = 15) =>
    [
        "--Gateway:Cameras:0:Id=cam0",
        "--Gateway:Cameras:0:Source=test",
        $"--Gateway:Cameras:0:Width={width}",
        $"--Gateway:Cameras:0:Height={height}",
        $"--Gateway:Cameras:0:Framerate={fps}",
        "--Gateway:Cameras:0:BitrateKbps=500",
        "--Gateway:Cameras:0:LingerMs=1000",
    ];

    private static async Task<IPage> OpenAsync(ChromiumSession chromium, GatewayInstance gw, string label, object controlOptions)
    {
        IPage page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(gw.BaseUrl + "/whep.html?camera=none");
        await page.EvaluateAsync(OpenScript, new { camera = "cam0", label, options = controlOptions });
        return page;
    }

    /// <summary>Waits for the next not yet taken <c>control</c> message of a type on a page.</summary>
    private static async Task<JsonObject> TakeAsync(IPage page, string label, string type, int timeoutMs = 10_000)
    {
        IJSHandle handle = await page.WaitForFunctionAsync("({ label, type }) => window[label].take(type)", new { label, type },
            new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 5 });
        return JsonNode.Parse(await handle.JsonValueAsync<string>())!.AsObject();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
