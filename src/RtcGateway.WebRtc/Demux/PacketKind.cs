namespace RtcGateway.WebRtc.Demux;

/// <summary>What a datagram on the shared UDP port carries (RFC 7983 §7, RFC 5761 §4).</summary>
public enum PacketKind
{
    /// <summary>None of the below, or too short for its kind (e.g. ZRTP, TURN ChannelData, garbage). Drop it.</summary>
    Unknown,

    /// <summary>STUN: first byte 0–3 and at least the 20-byte header (RFC 7983 §7, RFC 8489 §5).</summary>
    Stun,

    /// <summary>DTLS: first byte 20–63 and at least the 13-byte record header (RFC 7983 §7, RFC 6347 §4.1).</summary>
    Dtls,

    /// <summary>RTP: first byte 128–191, second byte outside 192–223, at least the 12-byte header (RFC 3550 §5.1).</summary>
    Rtp,

    /// <summary>RTCP: first byte 128–191, second byte (packet type) 192–223, at least 8 bytes (RFC 5761 §4, RFC 3550 §6.4).</summary>
    Rtcp,
}
