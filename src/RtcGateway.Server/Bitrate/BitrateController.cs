using RtcGateway.Media.Cameras;
using RtcGateway.Server.Control;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Bitrate;

/// <summary>
/// Every <see cref="IntervalMs"/>: samples each session's sent octets into its <see cref="SendRateMeter"/>, then, per
/// camera, asks <see cref="BitratePolicy"/> for the encoder target from the camera's sessions' estimates and the control
/// lease holder, marks the sessions below it, and hands a changed target to the camera
/// (<see cref="ICamera.SetTargetBitrate"/>, which rate-limits what reaches the encoder). Target changes are logged with
/// old → new and who governs. Until an estimator reports (<see cref="ViewerBitrate.ReportEstimate"/>) no session votes and
/// every camera stays at its BitrateKbps.
/// </summary>
public sealed partial class BitrateController : IHostedService, IDisposable
{
    /// <summary>Decision and sampling period, ms.</summary>
    public const int IntervalMs = 500;

    private readonly CameraManager _cameras;
    private readonly SessionManager _sessions;
    private readonly ControlService _control;
    private readonly TimeProvider _time;
    private readonly ILogger<BitrateController> _logger;
    private readonly CameraTargetApplier _applier;
    private readonly Lock _tickGate = new();
    private ITimer? _timer;

    /// <summary>Creates the controller (DI).</summary>
    public BitrateController(CameraManager cameras, SessionManager sessions, ControlService control, TimeProvider time,
        ILogger<BitrateController> logger)
    {
        _cameras = cameras;
        _sessions = sessions;
        _control = control;
        _time = time;
        _logger = logger;
        _applier = new CameraTargetApplier(logger);
    }

    /// <summary>The last decision for a camera, or null before the first tick.</summary>
    /// <param name="cameraId">Camera id (case-insensitive).</param>
    public BitrateDecision? DecisionFor(string cameraId) => _applier.DecisionFor(cameraId);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = _time.CreateTimer(_ => Tick(), null, TimeSpan.FromMilliseconds(IntervalMs), TimeSpan.FromMilliseconds(IntervalMs));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>One period: sample send rates, decide and apply every camera's target. Skipped if the previous tick is
    /// still running.</summary>
    internal void Tick()
    {
        if (!_tickGate.TryEnter())
        {
            return;
        }

        try
        {
            long now = ViewerBitrate.NowMs(_time);
            var byCamera = new Dictionary<string, List<IBitrateEstimateSource>>(StringComparer.OrdinalIgnoreCase);
            foreach (ViewerSession session in _sessions.Sessions)
            {
                session.Bitrate.SendRate.Sample(now, session.Stats.OctetsSent);
                if (!byCamera.TryGetValue(session.CameraId, out List<IBitrateEstimateSource>? list))
                {
                    byCamera[session.CameraId] = list = [];
                }

                list.Add(session.Bitrate);
            }

            foreach (ICamera camera in _cameras.Cameras)
            {
                _applier.Apply(camera, _control.HolderOf(camera.Id), byCamera.TryGetValue(camera.Id, out var votes) ? votes : [], now);
            }
        }
        catch (Exception ex)
        {
            LogTickFailed(_logger, ex);
        }
        finally
        {
            _tickGate.Exit();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Bitrate controller tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
