namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// The difference between two consecutive complete packet groups (draft-ietf-rmcat-gcc-02 §5.2): the inter-departure
/// time T(i) − T(i−1) and the inter-arrival time t(i) − t(i−1), both between the last packets of the groups.
/// The inter-group delay variation is d(i) = <see cref="ArrivalDeltaUs"/> − <see cref="SendDeltaUs"/>.
/// </summary>
/// <param name="SendDeltaUs">Inter-departure time of the groups, µs (≥ 0).</param>
/// <param name="ArrivalDeltaUs">Inter-arrival time of the groups, µs (≥ 0).</param>
/// <param name="ArrivalTimeUs">Arrival time of the newer group's last packet, µs on the receiver's clock.</param>
/// <param name="GroupBytes">Bytes in the newer group.</param>
internal readonly record struct PacketGroupDelta(long SendDeltaUs, long ArrivalDeltaUs, long ArrivalTimeUs, long GroupBytes)
{
    /// <summary>d(i), the inter-group delay variation, ms.</summary>
    public double DelayVariationMs => (ArrivalDeltaUs - SendDeltaUs) / 1000.0;
}
