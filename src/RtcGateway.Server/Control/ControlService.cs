using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RtcGateway.Server.Configuration;

namespace RtcGateway.Server.Control;

/// <summary>
/// The teleoperation control protocol spoken on data channels labelled <c>control</c> (text JSON):
/// <list type="bullet">
/// <item>on open the client gets <c>{"type":"lease","granted":bool,"holder":sessionId|null}</c>: one controlling session
/// per camera at a time, first come first served; the others watch, are told who holds control, and get the lease in
/// order when the holder releases (<c>{"type":"release"}</c>), closes its channel or its session ends; a session
/// that released asks again with <c>{"type":"acquire"}</c>;</item>
/// <item><c>{"type":"ping","id":n,"t":x}</c> → <c>{"type":"pong","id":n,"t":x,"gatewayTime":unixMs}</c> at once;</item>
/// <item>any other JSON object from the holder is a command: forwarded to the robot (UDP bridge and in-process
/// <see cref="IControlHandler"/>s) as <c>{"session","seq","receivedAt","message"}</c> and acknowledged with
/// <c>{"type":"ack","seq":n,"id":…}</c> only when it carries <c>"ack":true</c>; commands from a non-holder are refused
/// with <c>{"type":"error","reason":…}</c>;</item>
/// <item>deadman: when the holder has sent no command for <see cref="ControlOptions.DeadmanTimeoutMs"/> (pings do not
/// count: a ping loop proves the link, not an operator in control),
/// when its camera's video stalls, or when its session ends, the robot gets
/// <c>{"type":"deadman","session":…,"camera":…,"reason":…}</c> and the client <c>{"type":"deadman","reason":…}</c>; the next
/// command re-arms it.</item>
/// </list>
/// Robot → gateway datagrams are relayed to the lease holder(s) as telemetry (<c>{"type":"telemetry","data":…}</c>).
/// Thread-safe; all state is under one lock; timers come from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class ControlService : IDisposable
{
    /// <summary>The data channel label the protocol runs on.</summary>
    public const string ChannelLabel = "control";

    private readonly object _gate = new();
    private readonly ControlOptions _options;
    private readonly IControlBridge? _bridge;
    private readonly IControlHandler[] _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger<ControlService> _logger;
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<IControlChannel, ChannelState> _channels = new(ReferenceEqualityComparer.Instance);
    private long _commandsForwarded;
    private long _commandsRefused;
    private long _invalidMessages;
    private long _deadmanStops;
    private long _leasesGranted;
    private long _leasesReleased;

    /// <summary>Creates the service (DI).</summary>
    public ControlService(IOptions<GatewayOptions> options, IEnumerable<IControlHandler> handlers, TimeProvider time,
        ILogger<ControlService> logger, IControlBridge? bridge = null)
    {
        _options = options.Value.Control;
        _handlers = handlers.ToArray();
        _time = time;
        _logger = logger;
        _bridge = bridge;
        if (_bridge is not null)
        {
            _bridge.TelemetryReceived += OnTelemetry;
        }
    }

    /// <summary>Commands forwarded to the robot.</summary>
    public long CommandsForwarded => Interlocked.Read(ref _commandsForwarded);

    /// <summary>Commands refused (sender did not hold the lease).</summary>
    public long CommandsRefused => Interlocked.Read(ref _commandsRefused);

    /// <summary>Messages that were not JSON objects or were too large (answered with an error, counted).</summary>
    public long InvalidMessages => Interlocked.Read(ref _invalidMessages);

    /// <summary>Deadman stops sent.</summary>
    public long DeadmanStops => Interlocked.Read(ref _deadmanStops);

    /// <summary>Lease changes that gave a session control of a camera (first come, or next in line after a release).</summary>
    public long LeasesGranted => Interlocked.Read(ref _leasesGranted);

    /// <summary>Lease changes that took control from its holder (release message, channel closed, session ended).</summary>
    public long LeasesReleased => Interlocked.Read(ref _leasesReleased);

    /// <summary>The session holding control of a camera, or null.</summary>
    public string? HolderOf(string cameraId)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(cameraId, out Lease? lease) ? lease.Holder?.SessionId : null;
        }
    }

    /// <summary>A <c>control</c> channel opened: grants the camera's lease if free, else queues the channel and tells it
    /// who holds control.</summary>
    public void Open(IControlChannel channel)
    {
        lock (_gate)
        {
            if (_channels.ContainsKey(channel))
            {
                return;
            }

            var state = new ChannelState(channel);
            _channels[channel] = state;
            if (!_leases.TryGetValue(channel.CameraId, out Lease? lease))
            {
                lease = new Lease();
                _leases[channel.CameraId] = lease;
            }

            if (lease.Holder is null)
            {
                Grant(lease, state);
            }
            else
            {
                lease.Waiters.Add(state);
                channel.SendText(LeaseMessage(false, lease.Holder.SessionId));
            }
        }
    }

    /// <summary>Handles one text message from a <c>control</c> channel.</summary>
    public void Receive(IControlChannel channel, string text)
    {
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        JsonObject? message = null;
        string? error = null;
        if (Encoding.UTF8.GetByteCount(text) > _options.MaxMessageBytes)
        {
            error = $"message larger than {_options.MaxMessageBytes} bytes";
        }
        else
        {
            try
            {
                message = JsonNode.Parse(text) as JsonObject;
                error = message is null ? "a control message must be a JSON object" : null;
            }
            catch (JsonException ex)
            {
                error = "invalid JSON: " + ex.Message;
            }
        }

        if (message is null)
        {
            Interlocked.Increment(ref _invalidMessages);
            channel.SendText(ErrorMessage(error!));
            return;
        }

        string? type = message["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
        if (type == "ping")
        {
            var pong = new JsonObject
            {
                ["type"] = "pong",
                ["id"] = message["id"]?.DeepClone(),
                ["t"] = message["t"]?.DeepClone(),
                ["gatewayTime"] = nowMs,
            };
            // Pings do not feed the deadman: a ping loop proves the link, not that the operator is still in control.
            channel.SendText(pong.ToJsonString());
            return;
        }

        lock (_gate)
        {
            if (!_channels.TryGetValue(channel, out ChannelState? state))
            {
                return; // closed meanwhile
            }

            Lease lease = _leases[channel.CameraId];
            if (!ReferenceEquals(lease.Holder, state) && type != "acquire")
            {
                Interlocked.Increment(ref _commandsRefused);
                channel.SendText(ErrorMessage(lease.Holder is null
                    ? "control is not granted to this session"
                    : $"control of {channel.CameraId} is held by session {lease.Holder.SessionId}"));
                return;
            }

            if (type == "acquire")
            {
                if (lease.Holder is null)
                {
                    lease.Waiters.Remove(state);
                    Grant(lease, state);
                }
                else
                {
                    channel.SendText(LeaseMessage(false, lease.Holder.SessionId));
                }

                return;
            }

            if (type == "release")
            {
                Release(lease, state, "released by the operator");
                return;
            }

            if (DeadlinePassed(state))
            {
                // The gap already exceeded the deadman timeout (the timer callback is late, e.g. a starved host): the stop
                // must reach the robot before the commands that resume after the gap.
                FireDeadman(state, $"no command for {_options.DeadmanTimeoutMs} ms");
            }

            long seq = ++state.Sequence;
            ArmDeadman(state);
            var command = new ControlCommand(channel.SessionId, channel.CameraId, seq, nowMs, message);
            Forward(command);
            if (message["ack"] is JsonValue ack && ack.TryGetValue(out bool wantsAck) && wantsAck)
            {
                channel.SendText(new JsonObject { ["type"] = "ack", ["seq"] = seq, ["id"] = message["id"]?.DeepClone() }.ToJsonString());
            }
        }
    }

    /// <summary>A <c>control</c> channel closed or its session ended: a holder's robot gets a deadman stop and the lease
    /// passes to the next waiting session.</summary>
    public void Close(IControlChannel channel, string reason)
    {
        lock (_gate)
        {
            if (!_channels.Remove(channel, out ChannelState? state))
            {
                return;
            }

            Lease lease = _leases[channel.CameraId];
            lease.Waiters.Remove(state);
            if (ReferenceEquals(lease.Holder, state))
            {
                Release(lease, state, reason);
            }

            state.DeadmanTimer?.Dispose();
        }
    }

    /// <summary>The camera's video stopped (stall, restart, failure): every armed holder of it gets a deadman stop.</summary>
    public void VideoStalled(string cameraId, string reason)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(cameraId, out Lease? lease) && lease.Holder is { Armed: true } holder)
            {
                FireDeadman(holder, "video stalled: " + reason);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_bridge is not null)
        {
            _bridge.TelemetryReceived -= OnTelemetry;
        }

        lock (_gate)
        {
            foreach (ChannelState state in _channels.Values)
            {
                state.DeadmanTimer?.Dispose();
            }
        }
    }

    private void Grant(Lease lease, ChannelState state)
    {
        lease.Holder = state;
        Interlocked.Increment(ref _leasesGranted);
        state.Channel.SendText(LeaseMessage(true, state.SessionId));
        foreach (ChannelState waiter in lease.Waiters)
        {
            waiter.Channel.SendText(LeaseMessage(false, state.SessionId));
        }

        LogGranted(_logger, state.Channel.CameraId, state.SessionId);
    }

    private void Release(Lease lease, ChannelState state, string reason)
    {
        // A stop on every release is safe whether or not the robot was moving.
        FireDeadman(state, reason);
        lease.Holder = null;
        Interlocked.Increment(ref _leasesReleased);
        if (lease.Waiters.Count > 0)
        {
            ChannelState next = lease.Waiters[0];
            lease.Waiters.RemoveAt(0);
            Grant(lease, next);
        }

        if (_channels.ContainsKey(state.Channel))
        {
            // An operator who released keeps watching; "acquire" takes control again when it is free.
            lease.Waiters.Add(state);
            state.Channel.SendText(LeaseMessage(false, lease.Holder?.SessionId));
        }
    }

    private void ArmDeadman(ChannelState state)
    {
        state.Armed = true;
        state.DeadlineTimestamp = _time.GetTimestamp() + (long)(_options.DeadmanTimeoutMs * (_time.TimestampFrequency / 1000.0));
        state.DeadmanTimer ??= _time.CreateTimer(_ => OnDeadmanTimer(state), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        state.DeadmanTimer.Change(TimeSpan.FromMilliseconds(_options.DeadmanTimeoutMs), Timeout.InfiniteTimeSpan);
    }

    /// <summary>True when an armed holder's deadline has passed (whether or not its timer callback ran yet).</summary>
    private bool DeadlinePassed(ChannelState state) => state.Armed && _time.GetTimestamp() >= state.DeadlineTimestamp;

    private void OnDeadmanTimer(ChannelState state)
    {
        lock (_gate)
        {
            if (!state.Armed || !_channels.ContainsKey(state.Channel))
            {
                return;
            }

            if (!DeadlinePassed(state))
            {
                // A late callback of an earlier arming: the holder sent a command meanwhile. Wait for the current deadline.
                TimeSpan left = _time.GetElapsedTime(_time.GetTimestamp(), state.DeadlineTimestamp);
                state.DeadmanTimer?.Change(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                return;
            }

            FireDeadman(state, $"no command for {_options.DeadmanTimeoutMs} ms");
        }
    }

    private void FireDeadman(ChannelState state, string reason)
    {
        state.Armed = false;
        state.DeadmanTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Interlocked.Increment(ref _deadmanStops);
        var stop = new JsonObject
        {
            ["type"] = "deadman",
            ["session"] = state.SessionId,
            ["camera"] = state.Channel.CameraId,
            ["reason"] = reason,
        };
        _bridge?.Send(Encoding.UTF8.GetBytes(stop.ToJsonString()));
        foreach (IControlHandler handler in _handlers)
        {
            try
            {
                handler.OnDeadman(state.SessionId, state.Channel.CameraId, reason);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(_logger, ex);
            }
        }

        state.Channel.SendText(new JsonObject { ["type"] = "deadman", ["reason"] = reason }.ToJsonString());
        LogDeadman(_logger, state.Channel.CameraId, state.SessionId, reason);
    }

    private void Forward(ControlCommand command)
    {
        Interlocked.Increment(ref _commandsForwarded);
        if (_bridge is not null)
        {
            var datagram = new JsonObject
            {
                ["session"] = command.SessionId,
                ["seq"] = command.Sequence,
                ["receivedAt"] = command.ReceivedAtUnixMs,
                ["message"] = command.Message.DeepClone(),
            };
            _bridge.Send(Encoding.UTF8.GetBytes(datagram.ToJsonString()));
        }

        foreach (IControlHandler handler in _handlers)
        {
            try
            {
                handler.OnCommand(command);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(_logger, ex);
            }
        }
    }

    private void OnTelemetry(string json)
    {
        JsonNode? data;
        try
        {
            data = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            Interlocked.Increment(ref _invalidMessages);
            return;
        }

        string? target = data is JsonObject o && o["session"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        string message = new JsonObject { ["type"] = "telemetry", ["data"] = data }.ToJsonString();
        lock (_gate)
        {
            foreach (Lease lease in _leases.Values)
            {
                if (lease.Holder is { } holder && (target is null || target == holder.SessionId))
                {
                    holder.Channel.SendText(message);
                }
            }
        }
    }

    private static string LeaseMessage(bool granted, string? holder) =>
        new JsonObject { ["type"] = "lease", ["granted"] = granted, ["holder"] = holder }.ToJsonString();

    private static string ErrorMessage(string reason) => new JsonObject { ["type"] = "error", ["reason"] = reason }.ToJsonString();

    private sealed class Lease
    {
        public ChannelState? Holder { get; set; }

        public List<ChannelState> Waiters { get; } = new();
    }

    private sealed class ChannelState(IControlChannel channel)
    {
        public IControlChannel Channel { get; } = channel;

        public string SessionId => Channel.SessionId;

        public long Sequence { get; set; }

        public bool Armed { get; set; }

        public long DeadlineTimestamp { get; set; }

        public ITimer? DeadmanTimer { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control of {CameraId} granted to session {SessionId}")]
    private static partial void LogGranted(ILogger logger, string cameraId, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadman stop for {CameraId} (session {SessionId}): {Reason}")]
    private static partial void LogDeadman(ILogger logger, string cameraId, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Control handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);
}
