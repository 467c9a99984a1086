namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// What one viewer sent under one RTP sequence number: enough to rebuild the identical packet (same sequence
/// number, timestamp, marker and extensions; only the transport-wide sequence number is new) for a NACK.
/// </summary>
/// <param name="FrameId">Id of the frame in the camera's <see cref="RtpHistory"/>.</param>
/// <param name="PayloadIndex">Index of the payload inside the <see cref="PacketizedFrame"/>.</param>
/// <param name="Timestamp">The viewer's 90 kHz RTP timestamp of the packet.</param>
/// <param name="Marker">Marker bit that was sent.</param>
/// <param name="FirstPacketOfFrame">True when the packet carried the per-frame extensions.</param>
/// <param name="CaptureTimeUs">Capture time of the access unit in Unix µs (abs-capture-time).</param>
/// <param name="SentAtMs">Time the packet was first sent, in ms (same base as the map's nowMs).</param>
public readonly record struct RtpSequenceMapEntry(
    long FrameId, int PayloadIndex, uint Timestamp, bool Marker, bool FirstPacketOfFrame, long CaptureTimeUs,
    long SentAtMs);
