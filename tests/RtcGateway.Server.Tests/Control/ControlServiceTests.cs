using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RtcGateway.Server.Configuration;
using RtcGateway.Server.Control;

namespace RtcGateway.Server.Tests.Control;

public class ControlServiceTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeBridge _bridge = new();
    private readonly RecordingHandler _handler = new();

    private ControlService Create(int deadmanMs = 500) => new(
        Options.Create(new GatewayOptions { Control = new ControlOptions { DeadmanTimeoutMs = deadmanMs } }),
        [_handler], _clock, NullLogger<ControlService>.Instance, _bridge);

    [Fact]
    public void First_channel_gets_the_lease_second_is_refused_and_told_the_holder()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        var b = new FakeChannel("B", "cam0");
        control.Open(a);
        control.Open(b);
        Assert.Equal("""{"type":"lease","granted":true,"holder":"A"}""", a.Sent[0]);
        Assert.Equal("""{"type":"lease","granted":false,"holder":"A"}""", b.Sent[0]);
        control.Receive(b, """{"type":"drive","v":1}""");
        Assert.Contains("held by session A", b.Sent[^1]);
        Assert.Empty(_bridge.Datagrams);
        Assert.Equal(1, control.CommandsRefused);
    }

    [Fact]
    public void Lease_passes_to_the_waiting_session_when_the_holder_disconnects()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        var b = new FakeChannel("B", "cam0");
        control.Open(a);
        control.Open(b);
        control.Close(a, "session ended");
        Assert.Equal("""{"type":"lease","granted":true,"holder":"B"}""", b.Sent[^1]);
        Assert.Equal("B", control.HolderOf("cam0"));
        control.Receive(b, """{"type":"drive","v":2}""");
        Assert.Equal("B", JsonNode.Parse(_bridge.Datagrams[^1])!["session"]!.GetValue<string>());
        Assert.Equal(2, control.LeasesGranted); // A, then B
        Assert.Equal(1, control.LeasesReleased); // A's
    }

    [Fact]
    public void Leases_are_per_camera()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        var b = new FakeChannel("B", "cam1");
        control.Open(a);
        control.Open(b);
        Assert.Contains("\"granted\":true", b.Sent[0]);
    }

    [Fact]
    public void Ping_is_answered_with_pong_and_gateway_time()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.Receive(a, """{"type":"ping","id":7,"t":123.5}""");
        JsonNode pong = JsonNode.Parse(a.Sent[^1])!;
        Assert.Equal("pong", pong["type"]!.GetValue<string>());
        Assert.Equal(7, pong["id"]!.GetValue<int>());
        Assert.Equal(123.5, pong["t"]!.GetValue<double>());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), pong["gatewayTime"]!.GetValue<long>());
    }

    [Fact]
    public void Commands_are_forwarded_in_sequence_and_acknowledged_only_on_request()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.Receive(a, """{"type":"drive","v":1}""");
        control.Receive(a, """{"type":"drive","v":2,"ack":true,"id":"x"}""");
        Assert.Equal(2, _bridge.Datagrams.Count);
        JsonNode first = JsonNode.Parse(_bridge.Datagrams[0])!;
        Assert.Equal(1, first["seq"]!.GetValue<long>());
        Assert.Equal(1, first["message"]!["v"]!.GetValue<int>());
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), first["receivedAt"]!.GetValue<long>());
        Assert.Equal(2, JsonNode.Parse(_bridge.Datagrams[1])!["seq"]!.GetValue<long>());
        Assert.Equal("""{"type":"ack","seq":2,"id":"x"}""", a.Sent[^1]);
        Assert.Equal(2, _handler.Commands.Count);
        Assert.Equal(2, a.Sent.Count); // the lease message and one ack
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("42")]
    [InlineData("{\"type\":")]
    public void Invalid_messages_get_an_error_and_are_counted(string text)
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.Receive(a, text);
        Assert.Contains("\"type\":\"error\"", a.Sent[^1]);
        Assert.Equal(1, control.InvalidMessages);
        Assert.Empty(_bridge.Datagrams);
    }

    [Fact]
    public void Deadman_fires_after_the_timeout_without_commands_and_rearms_on_the_next_command()
    {
        using ControlService control = Create(deadmanMs: 500);
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(_bridge.Datagrams); // not armed before the first command
        control.Receive(a, """{"type":"drive","v":1}""");
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Single(_bridge.Datagrams);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        JsonNode stop = JsonNode.Parse(_bridge.Datagrams[^1])!;
        Assert.Equal("deadman", stop["type"]!.GetValue<string>());
        Assert.Equal("A", stop["session"]!.GetValue<string>());
        Assert.Contains("500 ms", stop["reason"]!.GetValue<string>());
        Assert.Contains("\"type\":\"deadman\"", a.Sent[^1]);
        Assert.Single(_handler.Deadman);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, _bridge.Datagrams.Count); // fires once
        control.Receive(a, """{"type":"drive","v":0}""");
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(4, _bridge.Datagrams.Count);
        Assert.Equal("deadman", JsonNode.Parse(_bridge.Datagrams[^1])!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Steady_commands_keep_the_deadman_quiet()
    {
        using ControlService control = Create(deadmanMs: 500);
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        for (int i = 0; i < 100; i++)
        {
            control.Receive(a, """{"type":"drive","v":1}""");
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(0, control.DeadmanStops);
    }

    [Fact]
    public void Regression_a_late_deadman_callback_stops_the_robot_before_the_resumed_commands()
    {
        // A starved host runs the timer callback late: the first command after a gap longer than the timeout must be
        // preceded by the stop, not followed by it.
        var stalledClock = new StarvedTimerClock();
        using var control = new ControlService(
            Options.Create(new GatewayOptions { Control = new ControlOptions { DeadmanTimeoutMs = 500 } }),
            [], stalledClock, NullLogger<ControlService>.Instance, _bridge);
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.Receive(a, """{"type":"drive","v":1}""");
        stalledClock.Time.Advance(TimeSpan.FromMilliseconds(650)); // the timer thread is starved: the 500 ms callback has not run
        control.Receive(a, """{"type":"drive","v":2}""");
        Assert.Equal(["drive", "deadman", "drive"], _bridge.Datagrams.Select(d => JsonNode.Parse(d)!["type"]?.GetValue<string>()
            ?? JsonNode.Parse(d)!["message"]!["type"]!.GetValue<string>()).ToArray());
        stalledClock.TimerThread.Advance(TimeSpan.FromMilliseconds(650)); // the late callback runs: it must not fire again
        Assert.Equal(1, control.DeadmanStops);

        // It re-armed for the current deadline (650 + 500 ms): once time passes it and the timer thread catches up, the
        // deadman fires once more.
        stalledClock.Time.Advance(TimeSpan.FromMilliseconds(500));
        stalledClock.TimerThread.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(2, control.DeadmanStops);
    }

    [Fact]
    public void Pings_do_not_hold_off_the_deadman()
    {
        using ControlService control = Create(deadmanMs: 500);
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.Receive(a, """{"type":"drive","v":1}""");
        for (int i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(150));
            control.Receive(a, """{"type":"ping","id":1,"t":0}""");
        }

        Assert.Equal(1, control.DeadmanStops); // fired at 500 ms although pings kept coming
    }

    [Fact]
    public void Holder_disconnect_sends_a_stop_with_the_reason()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.Receive(a, """{"type":"drive","v":1}""");
        control.Close(a, "session ended: ICE consent expired");
        JsonNode stop = JsonNode.Parse(_bridge.Datagrams[^1])!;
        Assert.Equal("deadman", stop["type"]!.GetValue<string>());
        Assert.Equal("session ended: ICE consent expired", stop["reason"]!.GetValue<string>());
        Assert.Null(control.HolderOf("cam0"));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, control.DeadmanStops);
    }

    [Fact]
    public void Video_stall_stops_an_armed_holder()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        control.Open(a);
        control.VideoStalled("cam0", "Restarting");
        Assert.Equal(0, control.DeadmanStops); // not armed
        control.Receive(a, """{"type":"drive","v":1}""");
        control.VideoStalled("cam0", "Restarting");
        Assert.Contains("video stalled", JsonNode.Parse(_bridge.Datagrams[^1])!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Release_passes_control_on_and_acquire_takes_it_back_when_free()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        var b = new FakeChannel("B", "cam0");
        control.Open(a);
        control.Open(b);
        control.Receive(a, """{"type":"release"}""");
        Assert.Equal("B", control.HolderOf("cam0"));
        Assert.Equal("""{"type":"lease","granted":false,"holder":"B"}""", a.Sent[^1]);
        control.Receive(a, """{"type":"acquire"}""");
        Assert.Equal("B", control.HolderOf("cam0"));
        control.Close(b, "closed");
        Assert.Equal("A", control.HolderOf("cam0"));
    }

    [Fact]
    public void Telemetry_from_the_robot_reaches_the_holder_only()
    {
        using ControlService control = Create();
        var a = new FakeChannel("A", "cam0");
        var b = new FakeChannel("B", "cam0");
        control.Open(a);
        control.Open(b);
        _bridge.Raise("""{"battery":0.8}""");
        Assert.Equal("""{"type":"telemetry","data":{"battery":0.8}}""", a.Sent[^1]);
        Assert.DoesNotContain(b.Sent, m => m.Contains("telemetry"));
        _bridge.Raise("garbage");
        Assert.Equal(1, control.InvalidMessages);
    }

    private sealed class FakeChannel(string sessionId, string cameraId) : IControlChannel
    {
        public List<string> Sent { get; } = new();

        public string SessionId { get; } = sessionId;

        public string CameraId { get; } = cameraId;

        public void SendText(string json) => Sent.Add(json);
    }

    private sealed class FakeBridge : IControlBridge
    {
        public List<string> Datagrams { get; } = new();

        public event Action<string>? TelemetryReceived;

        public void Send(ReadOnlySpan<byte> json) => Datagrams.Add(System.Text.Encoding.UTF8.GetString(json));

        public void Raise(string json) => TelemetryReceived?.Invoke(json);
    }

    private sealed class RecordingHandler : IControlHandler
    {
        public List<ControlCommand> Commands { get; } = new();

        public List<string> Deadman { get; } = new();

        public void OnCommand(ControlCommand command) => Commands.Add(command);

        public void OnDeadman(string sessionId, string cameraId, string reason) => Deadman.Add(reason);
    }
}
