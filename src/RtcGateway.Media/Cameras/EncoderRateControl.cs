using Microsoft.Extensions.Logging;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// A camera's encoder target: the wanted bitrate (any thread, <see cref="SetTarget"/>, clamped to
/// <see cref="CameraOptions.EffectiveMinBitrateKbps"/>..<see cref="CameraOptions.BitrateKbps"/>) and what the running pipeline
/// has been told (<see cref="Poll"/>, on the camera's worker thread): bitrate changes pass a
/// <see cref="BitrateChangeGate"/> (≤ one per 500 ms, urgent cuts at once) and picture steps a
/// <see cref="DegradationStepper"/>. Each applied change is logged old → new. A new pipeline run starts at the configured
/// bitrate and full picture (<see cref="OnRunStarted"/>); the next poll then applies the current target at once, so a
/// restart keeps the target.
/// </summary>
internal sealed class EncoderRateControl
{
    private readonly CameraOptions _options;
    private readonly ILogger _logger;
    private readonly BitrateChangeGate _gate = new();
    private readonly DegradationStepper _stepper;
    private int _targetKbps;
    private int _appliedKbps;
    private int _level;

    /// <summary>Creates the control at the configured maximum (<see cref="CameraOptions.BitrateKbps"/>).</summary>
    public EncoderRateControl(CameraOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _targetKbps = options.BitrateKbps;
        _appliedKbps = options.BitrateKbps;
        _gate.Reset(options.BitrateKbps);
        _stepper = new DegradationStepper(options.DegradeBelowKbps, options.DegradationPreference);
    }

    /// <summary>The wanted bitrate, kbit/s (within the configured bounds).</summary>
    public int TargetKbps => Volatile.Read(ref _targetKbps);

    /// <summary>The bitrate the running encoder was last set to, kbit/s (the configured one before any change).</summary>
    public int AppliedKbps => Volatile.Read(ref _appliedKbps);

    /// <summary>The picture level the running pipeline was last switched to.</summary>
    public DegradationLevel Level => (DegradationLevel)Volatile.Read(ref _level);

    /// <summary>Clamps and stores a new target (any thread); the worker applies it at its next <see cref="Poll"/>.</summary>
    /// <param name="kbps">Wanted bitrate, kbit/s.</param>
    /// <returns>The stored (clamped) target, kbit/s.</returns>
    public int SetTarget(int kbps)
    {
        int clamped = Math.Clamp(kbps, _options.EffectiveMinBitrateKbps, _options.BitrateKbps);
        int old = Interlocked.Exchange(ref _targetKbps, clamped);
        if (old != clamped)
        {
            EncoderRateLog.TargetChanged(_logger, _options.Id, old, clamped, kbps);
        }

        return clamped;
    }

    /// <summary>A pipeline was (re)built with the configured bitrate and full picture (worker thread).</summary>
    public void OnRunStarted()
    {
        _gate.Reset(_options.BitrateKbps);
        _stepper.Reset();
        Volatile.Write(ref _appliedKbps, _options.BitrateKbps);
        Volatile.Write(ref _level, (int)DegradationLevel.None);
    }

    /// <summary>Applies what is due to the running pipeline (worker thread, every loop iteration).</summary>
    /// <param name="tuning">The running pipeline's knobs.</param>
    /// <param name="nowMs">Monotonic time, ms.</param>
    public void Poll(IEncoderTuning tuning, long nowMs)
    {
        int target = TargetKbps;
        int old = _gate.AppliedKbps;
        if (_gate.TryChange(target, nowMs))
        {
            if (tuning.SetBitrate(target))
            {
                Volatile.Write(ref _appliedKbps, target);
                EncoderRateLog.BitrateChanged(_logger, _options.Id, old, target);
            }
            else
            {
                EncoderRateLog.BitrateRefused(_logger, _options.Id, target);
            }
        }

        DegradationLevel before = _stepper.Level;
        if (_stepper.Update(target, nowMs) && tuning.SetLevel(_stepper.Level))
        {
            Volatile.Write(ref _level, (int)_stepper.Level);
            EncoderRateLog.LevelChanged(_logger, _options.Id, before, _stepper.Level, target, _options.DegradeBelowKbps);
        }
    }
}
