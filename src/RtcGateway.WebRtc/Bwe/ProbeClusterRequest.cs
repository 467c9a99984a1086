namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// A request, from send-side bandwidth estimation to the pacer, to send one probe cluster: a short burst of padding
/// (or RTX) packets at <see cref="BitsPerSecond"/>, each tagged with <see cref="ClusterId"/> so that the transport-wide
/// feedback for them comes back as <see cref="PacketResult"/>s with that <see cref="PacketResult.ProbeClusterId"/>.
/// The received rate of the cluster tells the estimator whether the path carries that rate
/// (draft-ietf-rmcat-gcc-02 §5 leaves probing to the implementation; this follows the probing used with it in practice).
/// </summary>
/// <param name="ClusterId">Identifier of the cluster, ≥ 0, unique per estimator (increasing).</param>
/// <param name="BitsPerSecond">Rate at which to send the cluster's packets, bits/s.</param>
/// <param name="MinPackets">Send at least this many packets in the cluster.</param>
/// <param name="MinBytes">Send at least this many bytes in the cluster (RTP packet bytes on the wire), bytes.</param>
/// <param name="CreatedUs">When the estimator asked for the cluster, µs on the caller's clock; a pacer may drop
/// requests that waited too long.</param>
public readonly record struct ProbeClusterRequest(int ClusterId, long BitsPerSecond, int MinPackets, int MinBytes, long CreatedUs);
