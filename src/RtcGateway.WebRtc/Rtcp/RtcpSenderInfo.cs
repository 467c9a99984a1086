using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>Sender information of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="Ssrc">SSRC of the sender (our video SSRC for this viewer).</param>
/// <param name="NtpTimestamp">Wall-clock time of this report.</param>
/// <param name="RtpTimestamp">RTP timestamp for the same instant (<see cref="RtpClock.ToRtpTimestamp"/> of the same time, with the viewer's offset).</param>
/// <param name="PacketCount">RTP data packets sent so far (wraps mod 2^32).</param>
/// <param name="OctetCount">Payload octets sent so far (wraps mod 2^32).</param>
public readonly record struct RtcpSenderInfo(
    uint Ssrc, NtpTimestamp NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);
