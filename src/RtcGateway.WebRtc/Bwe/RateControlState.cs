namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The state of the delay-based AIMD rate controller (draft-ietf-rmcat-gcc-02 §5.5, the state transition table).
/// </summary>
public enum RateControlState
{
    /// <summary>Keep the estimate: entered on under-use and right after a decrease.</summary>
    Hold,

    /// <summary>Grow the estimate: multiplicatively when far from the last congestion rate, additively near it.</summary>
    Increase,

    /// <summary>Cut the estimate to β × the acknowledged (incoming) bitrate.</summary>
    Decrease,
}
