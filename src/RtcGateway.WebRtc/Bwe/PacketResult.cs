namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// One sent RTP packet as seen by send-side bandwidth estimation once transport-wide feedback has told its fate
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1; draft-ietf-rmcat-gcc-02 §5 works on these).
/// </summary>
/// <param name="TransportSequenceNumber">Transport-wide sequence number, unwrapped to 64 bits (monotonic per peer).</param>
/// <param name="SendTimeUs">When the packet left this sender, µs on the sender's monotonic clock.</param>
/// <param name="SizeBytes">Bytes on the wire for the packet (RTP header + payload + SRTP tag), bytes.</param>
/// <param name="ArrivalTimeUs">Arrival time on the receiver's clock, µs (only differences are meaningful; the
/// receiver's origin is arbitrary); <see cref="NotReceived"/> when the feedback reports the packet lost.</param>
/// <param name="ProbeClusterId">The probe cluster the packet was sent in (padding or RTX probe), or -1 for media.</param>
public readonly record struct PacketResult(long TransportSequenceNumber, long SendTimeUs, int SizeBytes, long ArrivalTimeUs,
    int ProbeClusterId = -1)
{
    /// <summary>The <see cref="ArrivalTimeUs"/> of a packet the receiver reports as not received.</summary>
    public const long NotReceived = long.MinValue;

    /// <summary>True when the receiver reported the packet as received.</summary>
    public bool Received => ArrivalTimeUs != NotReceived;
}
