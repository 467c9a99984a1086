namespace RtcGateway.WebRtc.Bwe;

/// <summary>Settings of a <see cref="PacedSender"/>; <see cref="Validate"/> before use.</summary>
public sealed class PacedSenderOptions
{
    /// <summary>Pacing rate = target bitrate × this factor (<see cref="PacedSender.SetTargetBitrate"/>), default 2.5
    /// (libwebrtc's default; leaves room for a key frame to drain quickly without a line-rate burst).</summary>
    public double PacingFactor { get; init; } = 2.5;

    /// <summary>Target bitrate before the estimator says anything, bits/s (default 1 Mbit/s, so pacing at 2.5 Mbit/s).</summary>
    public long InitialTargetBitrateBps { get; init; } = 1_000_000;

    /// <summary>
    /// Bound on a packet's queue time, µs (default 250 ms). The drain rate is max(pacing rate, queued bits / (this bound −
    /// the oldest packet's age)), so no packet waits much longer than this bound whatever the pacing rate (see
    /// <see cref="PacedSender"/>). It must exceed a key frame's drain time at the pacing rate or key frames
    /// stop being spread: a key frame of ten average frames at 2.5 × target drains in four frame intervals (133 ms at
    /// 30 fps).
    /// </summary>
    public long MaxQueueTimeUs { get; init; } = 250_000;

    /// <summary>
    /// Unused send budget that carries over while packets are queued, µs of the drain rate (default 5 ms): a driver whose
    /// timer fires late still sends at the pacing rate on average. No budget builds up while the queue is empty, so a
    /// frame arriving after idle starts paced, not as a burst.
    /// </summary>
    public long MaxBurstUs { get; init; } = 5_000;

    /// <summary>Largest padding packet the pacer asks for, bytes (default 1,200, the path MTU budget used for media).</summary>
    public int MaxPaddingPacketBytes { get; init; } = 1200;

    /// <summary>A probe cluster not complete this long after its creation is dropped, µs (default 1 s).</summary>
    public long ProbeClusterTimeoutUs { get; init; } = 1_000_000;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a value is not positive (or burst negative).</exception>
    public void Validate()
    {
        if (!(PacingFactor > 0) || double.IsInfinity(PacingFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(PacingFactor), PacingFactor, "Pacing factor must be a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InitialTargetBitrateBps, nameof(InitialTargetBitrateBps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueueTimeUs, nameof(MaxQueueTimeUs));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBurstUs, nameof(MaxBurstUs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPaddingPacketBytes, nameof(MaxPaddingPacketBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ProbeClusterTimeoutUs, nameof(ProbeClusterTimeoutUs));
    }
}
