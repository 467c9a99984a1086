namespace RtcGateway.WebRtc.Peer;

/// <summary>
/// Told about every RTP packet a <see cref="WebRtcPeer"/> hands to its <see cref="IPeerTransmitter"/> with a transport-wide
/// sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2; only when the offer negotiated that extension):
/// media packets, plain NACK resends, RTX packets (RFC 4588) and, later, padding. The hook for send-side congestion
/// control: record (sequence number, size, time) now and match it with the receiver's transport-wide feedback later.
/// <para>Called synchronously on the peer's driver thread right after <see cref="IPeerTransmitter.Send"/> returned, once
/// per packet; must be cheap, must not throw and must not call back into the peer. Set through
/// <see cref="WebRtcPeerOptions.PacketSendObserver"/> (default none).</para>
/// </summary>
public interface IPacketSendObserver
{
    /// <summary>One packet left.</summary>
    /// <param name="transportSequenceNumber">The 16-bit transport-wide sequence number it carries. A plain resend repeats its
    /// original's number (it is byte-identical: an SRTP packet index must never carry a second plaintext), so the same
    /// number can be reported twice, the second time with <paramref name="isRetransmission"/> = true; RTX packets always
    /// get a fresh number.</param>
    /// <param name="sizeBytes">Bytes handed to the transmitter: the whole SRTP packet (RTP header, extensions, payload,
    /// auth tag), i.e. the UDP payload, bytes.</param>
    /// <param name="isRetransmission">True for a NACK recovery (plain resend or RTX), false for first transmissions.</param>
    /// <param name="now">The time the peer was given for this call (monotonic ms and wall clock µs).</param>
    void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, bool isRetransmission, PeerTime now);
}
