namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Counters of one <see cref="SendSideBandwidthEstimator"/> (all counts since creation), for metrics and diagnostics.
/// </summary>
/// <param name="Feedbacks">Transport-wide feedback messages processed.</param>
/// <param name="PacketsReceived">Reported packets received.</param>
/// <param name="PacketsLost">Reported packets lost.</param>
/// <param name="StalePackets">Reported packets ignored because their sequence number was not newer than one already
/// processed (duplicate or reordered feedback).</param>
/// <param name="InvalidPackets">Reported packets ignored for an absurd size (≤ 0 or &gt; 65,535 bytes).</param>
/// <param name="ReorderedPackets">Received packets the grouping ignored as sent before the current group, plus group
/// pairs it skipped because the later-sent group arrived first.</param>
/// <param name="GroupingResets">Restarts of the grouping and of the acknowledged-bitrate window on arrival clock jumps.</param>
/// <param name="OveruseSignals">Transitions of the detector into over-use.</param>
/// <param name="DelayBasedDecreases">AIMD decreases applied.</param>
/// <param name="LossBasedDecreases">Loss-based decreases applied.</param>
/// <param name="ProbeClustersRequested">Probe clusters asked of the pacer.</param>
/// <param name="ProbeResults">Probe clusters that produced a rate.</param>
public readonly record struct BweCounters(
    long Feedbacks,
    long PacketsReceived,
    long PacketsLost,
    long StalePackets,
    long InvalidPackets,
    long ReorderedPackets,
    long GroupingResets,
    long OveruseSignals,
    long DelayBasedDecreases,
    long LossBasedDecreases,
    long ProbeClustersRequested,
    long ProbeResults);
