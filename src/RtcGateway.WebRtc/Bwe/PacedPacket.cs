namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// What the driver hands the <see cref="PacedSender"/>: an opaque handle to a packet it keeps (e.g. an index into its
/// own buffer pool), the packet's size and its priority class. The pacer never looks inside.
/// </summary>
/// <param name="Id">The driver's handle; returned unchanged by <see cref="PacedSender.TryDequeue"/>.</param>
/// <param name="SizeBytes">Bytes on the wire (RTP header + payload + SRTP tag), 1 or more.</param>
/// <param name="Priority">Priority class.</param>
public readonly record struct PacedPacket(long Id, int SizeBytes, PacingPriority Priority);
