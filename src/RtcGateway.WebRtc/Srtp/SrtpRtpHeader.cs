using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// The minimal RTP header walk SRTP needs to find the payload: fixed header, CSRC list and header
/// extension (RFC 3550 §5.1, §5.3.1). Never throws.
/// </summary>
internal static class SrtpRtpHeader
{
    /// <summary>
    /// RFC 3550 §5.1:
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    /// |                           timestamp                           |
    /// |           synchronization source (SSRC) identifier            |
    /// |            contributing source (CSRC) identifiers (CC × 32)   |
    /// |  defined by profile (16)      |           length (16, words)  |   if X
    /// |                        header extension                       |
    /// </code>
    /// </summary>
    public static SrtpError TryRead(ReadOnlySpan<byte> packet, out int headerLength, out ushort sequenceNumber, out uint ssrc)
    {
        headerLength = 0;
        sequenceNumber = 0;
        ssrc = 0;
        if (packet.Length < 12)
        {
            return SrtpError.TooShort;
        }

        if ((packet[0] >> 6) != 2)
        {
            return SrtpError.MalformedHeader;
        }

        int length = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return SrtpError.MalformedHeader;
            }

            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2));
        }

        if (length > packet.Length)
        {
            return SrtpError.MalformedHeader;
        }

        headerLength = length;
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2));
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4));
        return SrtpError.None;
    }
}
