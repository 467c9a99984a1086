using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcGateway.Media.Gst;
using RtcGateway.Media.H264;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// The GStreamer-backed <see cref="ICamera"/>. One dedicated worker thread per running camera pulls the appsinks with
/// timeouts (no GLib main loop), polls the bus, runs the stall watchdog and restarts with backoff; subscriber callbacks
/// run on that thread. Time comes from the injected <see cref="TimeProvider"/> (wall clock for capture times, timestamps
/// for the watchdog, timers for linger and backoff).
/// For <c>file:</c> sources a non-zero <see cref="CameraOptions.Framerate"/> is the OUTPUT rate (videorate after decode
/// duplicates or drops clip frames to reach it); 0 plays the clip's frames at its own rate (12.5 fps stays 12.5 fps) and
/// IDRs are then forced every KeyframeIntervalMs of running time (<see cref="VideoPipelineDescription.ForcedKeyframeIntervalNs"/>).
/// The clip loops forever via SEGMENT seeks with running time (PTS) strictly increasing and no EOS reaching subscribers.
/// <see cref="CameraStatus.Framerate"/> is the rate measured from the PTS of the last 64 delivered access units (the caps
/// rate until two have arrived).
/// <see cref="AccessUnit.PtsNs"/> is pipeline running time; <see cref="AccessUnit.CaptureTimeUs"/> is the wall clock of
/// the injected TimeProvider at the pipeline's base time plus that running time.
/// </summary>
public sealed class Camera : ICamera, ICameraCounters, IAsyncDisposable
{
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ShutdownBudget = TimeSpan.FromMilliseconds(1500);

    private readonly Func<VideoPipelineDescription> _describe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SubscriberSet<AccessUnit> _auSubscribers = new();
    private readonly SubscriberSet<JpegFrame> _jpegSubscribers = new();
    private readonly KeyframeRequestGate _keyframes;
    private readonly EncoderRateControl _rate;
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly long _createdTs;
    private readonly bool _installStallHook;

    // guarded by _lock
    private CameraState _state = CameraState.Idle;
    private string? _lastError;
    private string? _encoderFactory;
    private bool _workerRunning;
    private bool _lingering;
    private bool _disposed;
    private ITimer? _lingerTimer;
    private CameraPipelineRun? _run;
    private TaskCompletionSource _workerExited = CompletedSource();

    // worker-written, read by Status
    private int _width;
    private int _height;
    private double _framerate;
    private long _auDelivered;
    private long _jpegDelivered;
    private int _restarts;
    private long _keyframesForced;
    private long _keyframesPeriodic;
    private long _pipelineErrors;
    private volatile bool _simulateStall;

    /// <summary>
    /// Creates a camera that builds its pipeline with <see cref="PipelineDescriptionBuilder.Build"/> on each start.
    /// Nothing runs until the first subscriber (or <see cref="StartIfAlwaysOn"/> for <see cref="CameraOptions.AlwaysOn"/>).
    /// </summary>
    /// <param name="options">Camera configuration (Id must be set).</param>
    /// <param name="registry">Installed elements (e.g. <see cref="GstElementRegistry"/>).</param>
    /// <param name="time">Clock source; <see cref="TimeProvider.System"/> in production.</param>
    /// <param name="logger">Logger (null: no logging).</param>
    public Camera(CameraOptions options, IElementRegistry registry, TimeProvider time, ILogger<Camera>? logger = null)
        : this(options, () => PipelineDescriptionBuilder.Build(options, registry), time, logger, installStallHook: false)
    {
    }

    internal Camera(CameraOptions options, Func<VideoPipelineDescription> describe, TimeProvider time, ILogger? logger, bool installStallHook)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _describe = describe;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _installStallHook = installStallHook;
        _keyframes = new KeyframeRequestGate(options.KeyframeMinSpacingMs);
        _rate = new EncoderRateControl(options, _logger);
        _createdTs = time.GetTimestamp();
    }

    /// <inheritdoc />
    public string Id => Options.Id;

    /// <inheritdoc />
    public CameraOptions Options { get; }

    /// <inheritdoc />
    public event Action<ICamera>? StatusChanged;

    /// <inheritdoc />
    public CameraStatus Status
    {
        get
        {
            lock (_lock)
            {
                return new CameraStatus(_state, _lastError, _encoderFactory, Volatile.Read(ref _width), Volatile.Read(ref _height),
                    Volatile.Read(ref _framerate), Interlocked.Read(ref _auDelivered), Interlocked.Read(ref _jpegDelivered),
                    Volatile.Read(ref _restarts))
                {
                    TargetBitrateKbps = _rate.TargetKbps,
                    EncoderBitrateKbps = _rate.AppliedKbps,
                    Degradation = _rate.Level,
                };
            }
        }
    }

    /// <inheritdoc />
    public long KeyframesPeriodic => Interlocked.Read(ref _keyframesPeriodic);

    /// <inheritdoc />
    public long KeyframesForced => Interlocked.Read(ref _keyframesForced);

    /// <inheritdoc />
    long ICameraCounters.KeyframeRequestsSent => _keyframes.SentCount;

    /// <inheritdoc />
    public long PipelineErrors => Interlocked.Read(ref _pipelineErrors);

    /// <inheritdoc />
    public int TargetBitrateKbps => _rate.TargetKbps;

    /// <inheritdoc />
    public int SetTargetBitrate(int kbps) => _rate.SetTarget(kbps);

    /// <summary>Test hook: while true, a probe on the <c>pace</c> src pad drops every buffer (a real stall downstream).
    /// Only effective for cameras created with the stall hook installed.</summary>
    internal bool SimulateStall
    {
        get => _simulateStall;
        set => _simulateStall = value;
    }

    /// <summary>Test hook: the pipeline of the current run, or null.</summary>
    internal GstPipeline? CurrentPipelineForTest
    {
        get
        {
            lock (_lock)
            {
                return _run?.Pipeline;
            }
        }
    }

    /// <summary>Test hook: the pipeline state observed when the last run was torn down (NULL when shutdown worked).</summary>
    internal GstState LastRunFinalState { get; private set; } = GstState.VoidPending;

    /// <summary>Test hook: number of force-key-unit events sent.</summary>
    internal int KeyframeRequestsSent => _keyframes.SentCount;

    /// <inheritdoc />
    public IDisposable SubscribeAccessUnits(Action<AccessUnit> onAccessUnit)
    {
        ArgumentNullException.ThrowIfNull(onAccessUnit);
        _auSubscribers.Add(onAccessUnit);
        OnConsumerAdded();
        return new Subscription(() =>
        {
            if (_auSubscribers.Remove(onAccessUnit) >= 0)
            {
                OnConsumerRemoved();
            }
        });
    }

    /// <inheritdoc />
    public IDisposable SubscribeJpeg(Action<JpegFrame> onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (_jpegSubscribers.Add(onFrame) == 1)
        {
            SetValve(open: true);
        }

        OnConsumerAdded();
        return new Subscription(() =>
        {
            int left = _jpegSubscribers.Remove(onFrame);
            if (left < 0)
            {
                return;
            }

            if (left == 0)
            {
                SetValve(open: false);
            }

            OnConsumerRemoved();
        });
    }

    /// <inheritdoc />
    public void RequestKeyframe()
    {
        lock (_lock)
        {
            if (_run is not null && _keyframes.OnRequest(NowMs()))
            {
                _run.RequestKeyframeNow();
                CameraLog.KeyframeRequested(_logger, Id);
            }
            else
            {
                CameraLog.KeyframeRequestCoalesced(_logger, Id);
            }
        }
    }

    /// <summary>Puts the camera in <see cref="CameraState.Failed"/> without ever starting it (configuration rejected at startup).</summary>
    internal void MarkFailed(string message)
    {
        CameraLog.ConfigurationFailed(_logger, Id, message);
        Interlocked.Increment(ref _pipelineErrors);
        SetState(CameraState.Failed, message, setError: true);
    }

    /// <summary>Starts the pipeline when <see cref="CameraOptions.AlwaysOn"/> is set (no-op otherwise).</summary>
    public void StartIfAlwaysOn()
    {
        if (Options.AlwaysOn)
        {
            EnsureWorker();
        }
    }

    /// <summary>
    /// Stops the pipeline (EOS, then NULL: NULL is reached within 2 s) and waits for the worker thread to exit.
    /// Subscriptions are left in place but receive nothing more.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task exited;
        lock (_lock)
        {
            _disposed = true;
            _lingerTimer?.Dispose();
            _lingerTimer = null;
            exited = _workerExited.Task;
        }

        _wake.Set();
        try
        {
            await exited.WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The worker is stuck in native code; leave it (background thread) rather than hang shutdown.
        }
    }

    private long NowMs() => (long)_time.GetElapsedTime(_createdTs).TotalMilliseconds;

    private bool WantRunning()
    {
        lock (_lock)
        {
            return WantRunningLocked();
        }
    }

    private bool WantRunningLocked() =>
        !_disposed && _state != CameraState.Failed
        && (Options.AlwaysOn || _lingering || _auSubscribers.Count + _jpegSubscribers.Count > 0);

    private void OnConsumerAdded()
    {
        lock (_lock)
        {
            _lingerTimer?.Dispose();
            _lingerTimer = null;
            _lingering = false;
        }

        EnsureWorker();
    }

    private void OnConsumerRemoved()
    {
        lock (_lock)
        {
            if (_auSubscribers.Count + _jpegSubscribers.Count > 0 || Options.AlwaysOn || _disposed)
            {
                return;
            }

            _lingerTimer?.Dispose();
            _lingerTimer = null;
            if (Options.LingerMs > 0)
            {
                _lingering = true;
                _lingerTimer = _time.CreateTimer(_ => OnLingerExpired(), null, TimeSpan.FromMilliseconds(Options.LingerMs), Timeout.InfiniteTimeSpan);
                return;
            }
        }

        _wake.Set();
    }

    private void OnLingerExpired()
    {
        lock (_lock)
        {
            _lingering = false;
            _lingerTimer?.Dispose();
            _lingerTimer = null;
        }

        _wake.Set();
    }

    private void EnsureWorker()
    {
        lock (_lock)
        {
            if (_workerRunning || !WantRunningLocked())
            {
                return;
            }

            _workerRunning = true;
            _workerExited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(WorkerMain) { IsBackground = true, Name = "camera-" + Id };
            thread.Start();
        }
    }

    private void SetValve(bool open)
    {
        lock (_lock)
        {
            _run?.SetJpegOpen(open);
        }
    }

    private void SetState(CameraState state, string? error = null, bool setError = false)
    {
        CameraState old;
        lock (_lock)
        {
            old = _state;
            bool errorChanged = setError && error != _lastError;
            if (old == state && !errorChanged)
            {
                return;
            }

            _state = state;
            if (setError)
            {
                _lastError = error;
            }
        }

        if (old != state)
        {
            CameraLog.StateChanged(_logger, Id, old, state);
        }

        StatusChanged?.Invoke(this);
    }

    private void WorkerMain()
    {
        TaskCompletionSource exited;
        lock (_lock)
        {
            exited = _workerExited;
        }

        try
        {
            RunLoop();
        }
        catch (Exception e)
        {
            CameraLog.WorkerCrashed(_logger, Id, e);
            SetState(CameraState.Failed, $"camera {Id}: internal error: {e.Message}", setError: true);
        }
        finally
        {
            lock (_lock)
            {
                _workerRunning = false;
            }

            exited.TrySetResult();
            // A consumer may have arrived between our last check and _workerRunning = false.
            EnsureWorker();
        }
    }

    private void RunLoop()
    {
        var backoff = new RestartBackoff();
        bool restarting = false;
        while (true)
        {
            lock (_lock)
            {
                if (!WantRunningLocked())
                {
                    if (_state != CameraState.Failed)
                    {
                        _state = CameraState.Idle;
                    }

                    break;
                }
            }

            SetState(restarting ? CameraState.Restarting : CameraState.Starting);
            RunOutcome outcome = RunOnce();
            if (outcome.Kind == RunOutcomeKind.Stopped)
            {
                SetState(CameraState.Idle);
                restarting = false;
                continue; // WantRunning decides: exit, or a consumer came back during shutdown
            }

            if (outcome.Kind == RunOutcomeKind.ConfigurationError)
            {
                CameraLog.ConfigurationFailed(_logger, Id, outcome.Message);
                SetState(CameraState.Failed, outcome.Message, setError: true);
                return;
            }

            int restart = Interlocked.Increment(ref _restarts);
            TimeSpan delay = backoff.Next(outcome.StreamedFor);
            CameraLog.RestartScheduled(_logger, Id, restart, (long)delay.TotalMilliseconds, outcome.Message);
            SetState(CameraState.Restarting, outcome.Message, setError: true);
            restarting = true;
            WaitForBackoff(delay);
        }

        StatusChanged?.Invoke(this);
    }

    private void WaitForBackoff(TimeSpan delay)
    {
        int fired = 0;
        using ITimer timer = _time.CreateTimer(_ =>
        {
            Volatile.Write(ref fired, 1);
            _wake.Set();
        }, null, delay, Timeout.InfiniteTimeSpan);
        while (Volatile.Read(ref fired) == 0 && WantRunning())
        {
            _wake.WaitOne();
        }
    }

    private RunOutcome RunOnce()
    {
        VideoPipelineDescription description;
        try
        {
            description = _describe();
        }
        catch (PipelineConfigurationException e)
        {
            Interlocked.Increment(ref _pipelineErrors);
            return RunOutcome.Config(e.Message);
        }

        lock (_lock)
        {
            _encoderFactory = description.Encoder.Factory;
        }

        CameraLog.Starting(_logger, Id, description.Encoder.Factory, description.Encoder.Reason, description.Launch);
        CameraPipelineRun run;
        try
        {
            run = CameraPipelineRun.Start(description, _jpegSubscribers.Count > 0, _installStallHook ? () => _simulateStall : null);
        }
        catch (GstException e)
        {
            Interlocked.Increment(ref _pipelineErrors);
            return RunOutcome.Config($"camera {Id}: cannot build pipeline: {e.Message}");
        }

        lock (_lock)
        {
            _run = run;
            _keyframes.Reset();
            _rate.OnRunStarted();
        }

        // The valve may have changed between Start and publishing _run.
        run.SetJpegOpen(_jpegSubscribers.Count > 0);
        using var tuning = new PipelineEncoderTuning(run, () => Volatile.Read(ref _framerate));
        var pump = new CameraPump(this, run, description, tuning);
        RunOutcome outcome;
        try
        {
            outcome = pump.Run();
        }
        finally
        {
            lock (_lock)
            {
                _run = null;
            }

            if (pump.Outcome.Kind == RunOutcomeKind.Stopped)
            {
                long started = _time.GetTimestamp();
                if (!run.DrainToEos(() => _time.GetElapsedTime(started) >= ShutdownBudget))
                {
                    CameraLog.EosTimeout(_logger, Id, (long)ShutdownBudget.TotalMilliseconds);
                }
            }

            run.Dispose();
            LastRunFinalState = run.FinalState;
        }

        return outcome;
    }

    private void Deliver<T>(SubscriberSet<T> set, T item, string kind)
    {
        foreach (Action<T> callback in set.Snapshot)
        {
            try
            {
                callback(item);
            }
            catch (Exception e)
            {
                CameraLog.SubscriberThrew(_logger, Id, kind, e);
            }
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var tcs = new TaskCompletionSource();
        tcs.SetResult();
        return tcs;
    }

    private enum RunOutcomeKind
    {
        Running,
        Stopped,
        Failed,
        ConfigurationError,
    }

    private readonly record struct RunOutcome(RunOutcomeKind Kind, string Message, TimeSpan StreamedFor)
    {
        public static RunOutcome Config(string message) => new(RunOutcomeKind.ConfigurationError, message, TimeSpan.Zero);
    }

    /// <summary>The worker's pull loop for one pipeline run.</summary>
    private sealed class CameraPump(Camera camera, CameraPipelineRun run, VideoPipelineDescription description, IEncoderTuning tuning)
    {
        private readonly List<ReadOnlyMemory<byte>> _unused = [];
        private readonly FrameRateMeter _meter = new();
        private readonly KeyframeSchedule _schedule = new(description.ForcedKeyframeIntervalNs);
        private long _sequence;
        private long _jpegSequence;
        private H264SpsInfo? _sps;
        private CaptureClock? _captureClock;
        private long _lastBufferTs;
        private long _firstAuTs;
        private bool _streaming;

        public RunOutcome Outcome { get; private set; } = new(RunOutcomeKind.Running, "", TimeSpan.Zero);

        public RunOutcome Run()
        {
            Camera c = camera;
            TimeProvider time = c._time;
            long startTs = time.GetTimestamp();
            _lastBufferTs = startTs;
            TimeSpan stallTimeout = TimeSpan.FromMilliseconds(Math.Max(100, c.Options.StallTimeoutMs));
            while (true)
            {
                if (!c.WantRunning())
                {
                    return Outcome = new(RunOutcomeKind.Stopped, "stopped", StreamedFor());
                }

                bool jpeg = c._jpegSubscribers.Count > 0;
                using (GstSample sample = run.TryPullAccessUnit(TimeSpan.FromMilliseconds(jpeg ? 10 : 50)))
                {
                    if (!sample.IsNull)
                    {
                        OnAccessUnit(sample);
                    }
                }

                if (jpeg)
                {
                    using GstSample j = run.TryPullJpeg();
                    if (!j.IsNull)
                    {
                        OnJpeg(j);
                    }
                }

                while (run.PopMessage() is { } message)
                {
                    if (OnBusMessage(message) is { } failure)
                    {
                        return Outcome = failure;
                    }
                }

                if (c._keyframes.PollDeferred(c.NowMs()))
                {
                    run.RequestKeyframeNow();
                    CameraLog.KeyframeRequested(c._logger, c.Id);
                }

                c._rate.Poll(tuning, c.NowMs());
                TimeSpan limit = _streaming ? stallTimeout : stallTimeout + StartupGrace;
                TimeSpan idle = time.GetElapsedTime(_lastBufferTs);
                if (idle >= limit)
                {
                    CameraLog.Stalled(c._logger, c.Id, (long)idle.TotalMilliseconds);
                    return Outcome = new(RunOutcomeKind.Failed, $"camera {c.Id}: stalled: no access unit for {(long)idle.TotalMilliseconds} ms", StreamedFor());
                }
            }
        }

        private TimeSpan StreamedFor() => _streaming ? camera._time.GetElapsedTime(_firstAuTs) : TimeSpan.Zero;

        private void OnAccessUnit(GstSample sample)
        {
            Camera c = camera;
            byte[]? data = sample.CopyData();
            if (data is null)
            {
                return;
            }

            _lastBufferTs = c._time.GetTimestamp();
            ulong runningTime = sample.RunningTime ?? 0;
            _captureClock ??= run.TrySampleCaptureClock(c._time.GetUtcNow());
            long captureUs = _captureClock?.ToCaptureTimeUs(runningTime)
                ?? (c._time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            AccessUnit au = AccessUnitFactory.Create(data, (long)runningTime, captureUs, _sequence++, _sps);
            if (_streaming && au.Sps is { } sps && !ReferenceEquals(sps, _sps) && sps.Width > 0)
            {
                // A new sequence at another size (DegradeBelowKbps stepping): the status follows the encoded stream.
                Volatile.Write(ref c._width, sps.Width);
                Volatile.Write(ref c._height, sps.Height);
            }

            _sps = au.Sps;
            if (au.IsKeyframe)
            {
                Interlocked.Increment(ref c._keyframes.OnKeyframe() ? ref c._keyframesForced : ref c._keyframesPeriodic);
            }

            long deadline = _schedule.OnAccessUnit(au.PtsNs, au.IsKeyframe);
            if (deadline >= 0 && !run.SendForceKeyUnit((ulong)deadline))
            {
                _schedule.Reset();
            }

            _meter.Add(au.PtsNs);
            double measured = _meter.FramesPerSecond;
            if (measured > 0)
            {
                Volatile.Write(ref c._framerate, measured);
            }

            if (!_streaming)
            {
                _streaming = true;
                _firstAuTs = _lastBufferTs;
                var (w, h, fn, fd) = sample.VideoInfo();
                double fps = fd > 0 ? (double)fn / fd : 0;
                Volatile.Write(ref c._width, w);
                Volatile.Write(ref c._height, h);
                Volatile.Write(ref c._framerate, fps);
                CameraLog.Streaming(c._logger, c.Id, w, h, fps);
                c.SetState(CameraState.Streaming);
            }

            Interlocked.Increment(ref c._auDelivered);
            c.Deliver(c._auSubscribers, au, "access unit");
        }

        private void OnJpeg(GstSample sample)
        {
            Camera c = camera;
            byte[]? data = sample.CopyData();
            if (data is null)
            {
                return;
            }

            var (w, h, _, _) = sample.VideoInfo();
            _captureClock ??= run.TrySampleCaptureClock(c._time.GetUtcNow());
            long captureUs = _captureClock?.ToCaptureTimeUs(sample.RunningTime ?? 0) ?? 0;
            var frame = new JpegFrame { Data = data, Width = w, Height = h, CaptureTimeUs = captureUs, Sequence = _jpegSequence++ };
            Interlocked.Increment(ref c._jpegDelivered);
            c.Deliver(c._jpegSubscribers, frame, "JPEG");
        }

        private RunOutcome? OnBusMessage(GstBusMessage m)
        {
            Camera c = camera;
            switch (m.Type)
            {
                case GstMessageType.Error:
                    CameraLog.BusError(c._logger, c.Id, m.SourceName, m.Error?.Message ?? "", m.Debug);
                    Interlocked.Increment(ref c._pipelineErrors);
                    string text = $"camera {c.Id}: {m.SourceName}: {m.Error?.Message}";
                    bool everStreamed = _streaming || Interlocked.Read(ref c._auDelivered) > 0;
                    return m.Error is not null
                        && PipelineErrorClassifier.IsConfigurationError(m.Error, m.Debug, description.Source.Kind, everStreamed)
                        ? RunOutcome.Config(text)
                        : new RunOutcome(RunOutcomeKind.Failed, text, StreamedFor());
                case GstMessageType.Warning:
                    CameraLog.BusWarning(c._logger, c.Id, m.SourceName, m.Error?.Message ?? "", m.Debug);
                    return null;
                case GstMessageType.Eos:
                    CameraLog.BusEos(c._logger, c.Id, m.SourceName);
                    return new RunOutcome(RunOutcomeKind.Failed, $"camera {c.Id}: unexpected end of stream", StreamedFor());
                case GstMessageType.SegmentDone:
                    CameraLog.SegmentLoop(c._logger, c.Id);
                    run.LoopSegment();
                    return null;
                case GstMessageType.StateChanged:
                    CameraLog.ElementStateChanged(c._logger, c.Id, m.SourceName, m.OldState.ToString(), m.NewState.ToString());
                    return null;
                default:
                    return null;
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
