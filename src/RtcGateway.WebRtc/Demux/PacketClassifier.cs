namespace RtcGateway.WebRtc.Demux;

/// <summary>
/// Demultiplexes STUN, DTLS and (S)RTP/(S)RTCP sharing one UDP 5-tuple by the first byte (RFC 7983 §7):
/// <code>
///                 +----------------+
///                 |        [0..3] -+--> STUN
///                 |      [16..19] -+--> ZRTP        (Unknown here)
///   packet -->    |      [20..63] -+--> DTLS
///                 |      [64..79] -+--> TURN Channel (Unknown here)
///                 |    [128..191] -+--> RTP/RTCP
///                 +----------------+
/// </code>
/// RTP vs RTCP (RFC 5761 §4): RTCP packet types 192–223 occupy the RTP marker+payload-type byte; RTP payload
/// types 64–95 are therefore never used.
/// </summary>
public static class PacketClassifier
{
    /// <summary>Minimum STUN message size (the header, RFC 8489 §5).</summary>
    public const int MinStunLength = 20;

    /// <summary>Minimum DTLS record size (the record header, RFC 6347 §4.1).</summary>
    public const int MinDtlsLength = 13;

    /// <summary>Minimum RTP packet size (the fixed header, RFC 3550 §5.1).</summary>
    public const int MinRtpLength = 12;

    /// <summary>Minimum RTCP packet size (common header plus sender SSRC, RFC 3550 §6.4).</summary>
    public const int MinRtcpLength = 8;

    /// <summary>Classifies one UDP payload. Pure, allocation-free, never throws.</summary>
    /// <param name="datagram">The UDP payload.</param>
    /// <returns>The kind, or <see cref="PacketKind.Unknown"/> when outside the ranges or shorter than the kind's minimum.</returns>
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            return datagram.Length >= MinStunLength ? PacketKind.Stun : PacketKind.Unknown;
        }

        if (first >= 20 && first <= 63)
        {
            return datagram.Length >= MinDtlsLength ? PacketKind.Dtls : PacketKind.Unknown;
        }

        if (first >= 128 && first <= 191)
        {
            if (datagram.Length < 2)
            {
                return PacketKind.Unknown;
            }

            byte second = datagram[1];
            if (second >= 192 && second <= 223)
            {
                return datagram.Length >= MinRtcpLength ? PacketKind.Rtcp : PacketKind.Unknown;
            }

            return datagram.Length >= MinRtpLength ? PacketKind.Rtp : PacketKind.Unknown;
        }

        return PacketKind.Unknown;
    }
}
