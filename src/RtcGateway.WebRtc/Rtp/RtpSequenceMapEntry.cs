namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// What one viewer sent under one RTP sequence number: enough to rebuild the identical packet (same sequence
/// number, timestamp, marker, extensions and transport-wide sequence number) for a NACK, or to wrap its payload in an
/// RTX packet (RFC 4588 §4).
/// </summary>
/// <param name="FrameId">Id of the frame in the camera's <see cref="RtpHistory"/>.</param>
/// <param name="PayloadIndex">Index of the payload inside the <see cref="PacketizedFrame"/>.</param>
/// <param name="Timestamp">The viewer's 90 kHz RTP timestamp of the packet.</param>
/// <param name="Marker">Marker bit that was sent.</param>
/// <param name="FirstPacketOfFrame">True when the packet carried the per-frame extensions.</param>
/// <param name="CaptureTimeUs">Capture time of the access unit in Unix µs (abs-capture-time).</param>
/// <param name="SentAtMs">Time the packet was first sent, in ms (same base as the map's nowMs).</param>
/// <param name="TransportSequenceNumber">The transport-wide sequence number the packet carried
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a plain resend repeats it so that the SRTP plaintext of
/// (SSRC, sequence number) never changes.</param>
public readonly record struct RtpSequenceMapEntry(
    long FrameId, int PayloadIndex, uint Timestamp, bool Marker, bool FirstPacketOfFrame, long CaptureTimeUs,
    long SentAtMs, ushort TransportSequenceNumber = 0);
