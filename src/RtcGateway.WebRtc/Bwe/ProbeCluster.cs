namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// A burst the estimator's prober asked the <see cref="PacedSender"/> for (draft-ietf-rmcat-gcc-02 leaves probing to
/// the implementation; libwebrtc sends clusters of ≥ 5 packets at the probed rate): packets leave at
/// <see cref="BitrateBps"/> until at least <see cref="MinPackets"/> packets and <see cref="MinBytes"/> bytes were sent.
/// </summary>
/// <param name="Id">Cluster id, ≥ 0; the pacer tags each packet sent in the cluster with it.</param>
/// <param name="BitrateBps">Probed rate, bits/s.</param>
/// <param name="MinPackets">Packets the cluster needs.</param>
/// <param name="MinBytes">Bytes the cluster needs.</param>
/// <param name="CreatedUs">When it was created, µs.</param>
internal record struct ProbeCluster(int Id, long BitrateBps, int MinPackets, int MinBytes, long CreatedUs)
{
    /// <summary>When its first packet left, µs; -1 before.</summary>
    public long StartUs { get; set; } = -1;

    /// <summary>Packets sent in the cluster so far.</summary>
    public int SentPackets { get; set; }

    /// <summary>Bytes sent in the cluster so far.</summary>
    public long SentBytes { get; set; }

    /// <summary>True once both minimums are met.</summary>
    public readonly bool IsComplete => SentPackets >= MinPackets && SentBytes >= MinBytes;

    /// <summary>When the next packet may leave on the cluster's schedule: start + bytes sent × 8 / rate (now before the first), µs.</summary>
    public readonly long NextSendTimeUs(long nowUs) =>
        StartUs < 0 ? nowUs : StartUs + (long)Math.Ceiling(SentBytes * 8_000_000.0 / BitrateBps);
}
