namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The over-use detector's signal (draft-ietf-rmcat-gcc-02 §5.4): whether the path's queueing delay is growing
/// (over-use), shrinking (under-use) or steady (normal).
/// </summary>
public enum BandwidthUsage
{
    /// <summary>The delay trend is within ± the adaptive threshold: no congestion signal.</summary>
    Normal,

    /// <summary>The delay trend stayed below −threshold: a queue is draining.</summary>
    Underusing,

    /// <summary>The delay trend stayed above +threshold for at least 10 ms and kept rising: a queue is building.</summary>
    Overusing,
}
