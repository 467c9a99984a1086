namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// One transport-wide feedback message (RTCP RTPFB FMT=15) resolved against the sender's own send history: each reported
/// packet with its send time and size, in transport-wide sequence order (draft-ietf-rmcat-gcc-02 §5: the input of the
/// delay-based and loss-based controllers).
/// </summary>
/// <param name="FeedbackTimeUs">When the feedback arrived at the sender, µs on the sender's monotonic clock.</param>
/// <param name="Packets">Reported packets whose send was known (packets the history no longer holds are left out),
/// ascending transport-wide sequence number; received and lost ones.</param>
public sealed record TransportPacketsFeedback(long FeedbackTimeUs, IReadOnlyList<PacketResult> Packets);
