namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Packet loss between two reception report blocks about the same source (RFC 3550 §6.4.1 and §A.3): expected =
/// difference of the extended highest sequence numbers received, lost = difference of the cumulative numbers of packets
/// lost. The report's own 8-bit fraction lost covers only the interval since the receiver's previous report; this one
/// covers any two reports the sender chooses (e.g. one loss-based estimator update to the next).
/// </summary>
/// <param name="ExpectedPackets">Packets the receiver expected in the interval (≥ 1).</param>
/// <param name="LostPackets">Packets lost in the interval, clamped to 0…<paramref name="ExpectedPackets"/> (duplicates can
/// make the raw difference negative, RFC 3550 §6.4.1).</param>
public readonly record struct RtcpReceptionLossInterval(long ExpectedPackets, long LostPackets)
{
    /// <summary>Lost / expected, 0–1.</summary>
    public double LossFraction => (double)LostPackets / ExpectedPackets;

    /// <summary>
    /// Computes the loss between <paramref name="previous"/> and <paramref name="current"/>. False when they are about
    /// different sources or <paramref name="current"/> does not advance the extended highest sequence number (a
    /// duplicate, reordered or reset report: keep <paramref name="previous"/> and wait for a newer one). Extended
    /// sequence numbers are compared modulo 2^32; never throws.
    /// </summary>
    public static bool TryCompute(in RtcpReportBlock previous, in RtcpReportBlock current, out RtcpReceptionLossInterval interval)
    {
        interval = default;
        int expected = unchecked((int)(current.ExtendedHighestSequenceNumber - previous.ExtendedHighestSequenceNumber));
        if (previous.Ssrc != current.Ssrc || expected <= 0)
        {
            return false;
        }

        long lost = Math.Clamp((long)current.CumulativeLost - previous.CumulativeLost, 0, expected);
        interval = new RtcpReceptionLossInterval(expected, lost);
        return true;
    }
}
