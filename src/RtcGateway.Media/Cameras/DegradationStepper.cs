namespace RtcGateway.Media.Cameras;

/// <summary>
/// Decides when the picture steps down or back up: down when the target falls below the threshold
/// (<see cref="CameraOptions.DegradeBelowKbps"/>), up when it reaches <see cref="RecoverFactor"/> × the threshold, and at
/// most one step per <see cref="MinDwellMs"/> (each step renegotiates the encoder's input caps and costs an IDR, so it
/// must not flap with a noisy estimate). Threshold 0 never steps. Times are monotonic ms supplied by the caller. Not
/// thread-safe (the owner locks).
/// </summary>
internal sealed class DegradationStepper(int thresholdKbps, DegradationPreference preference)
{
    /// <summary>Stepping back up needs the target at this multiple of the threshold.</summary>
    public const double RecoverFactor = 1.3;

    /// <summary>Minimum time between two steps, ms.</summary>
    public const long MinDwellMs = 2000;

    private long _lastStepMs = long.MinValue / 2;

    /// <summary>The current level.</summary>
    public DegradationLevel Level { get; private set; }

    /// <summary>The degraded level this preference steps to.</summary>
    public DegradationLevel Degraded => preference == DegradationPreference.MaintainResolution
        ? DegradationLevel.HalfFramerate
        : DegradationLevel.HalfResolution;

    /// <summary>A new pipeline starts at full picture; the next step may happen at once.</summary>
    public void Reset()
    {
        Level = DegradationLevel.None;
        _lastStepMs = long.MinValue / 2;
    }

    /// <summary>Feeds the current target; returns true when <see cref="Level"/> changed (the caller applies it).</summary>
    public bool Update(int targetKbps, long nowMs)
    {
        if (thresholdKbps <= 0 || nowMs - _lastStepMs < MinDwellMs)
        {
            return false;
        }

        DegradationLevel next = Level == DegradationLevel.None
            ? (targetKbps < thresholdKbps ? Degraded : DegradationLevel.None)
            : (targetKbps >= thresholdKbps * RecoverFactor ? DegradationLevel.None : Level);
        if (next == Level)
        {
            return false;
        }

        Level = next;
        _lastStepMs = nowMs;
        return true;
    }
}
