using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Writes an RTP retransmission packet (RFC 4588 §4) into a caller-provided span without allocating:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         RTP Header                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            OSN                |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
/// |                  Original RTP Packet Payload                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The header is the caller's <see cref="RtpSendParameters"/> written by <see cref="RtpPacketWriter.WriteHeader"/>: for
/// SSRC multiplexing (§5) that is the RTX SSRC, the RTX stream's own sequence number and the rtx payload type (§8.1), with
/// the original packet's timestamp and marker bit (§4) and the original packet's header extensions (§4 asks for the same
/// extensions as the original), except a fresh transport-wide sequence number: the RTX packet is a new packet on the
/// transport. OSN is the original sequence number, network byte order.
/// </summary>
public static class RtxPacketWriter
{
    /// <summary>Size of the OSN field, bytes: 2.</summary>
    public const int OriginalSequenceNumberSize = 2;

    /// <summary>Total packet length in bytes for an original payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int GetSize(in RtpSendParameters p, int payloadLength) =>
        RtpPacketWriter.GetHeaderSize(p) + OriginalSequenceNumberSize + payloadLength;

    /// <summary>Writes header, OSN and original payload into <paramref name="destination"/>; returns the packet length.</summary>
    /// <param name="destination">Output buffer.</param>
    /// <param name="p">The RTX packet's header fields (RTX SSRC, RTX sequence number, rtx payload type, original timestamp).</param>
    /// <param name="originalSequenceNumber">Sequence number of the packet being repaired (on the media SSRC).</param>
    /// <param name="originalPayload">The original packet's payload (without its RTP header).</param>
    /// <exception cref="ArgumentException">destination is shorter than <see cref="GetSize"/>.</exception>
    public static int Write(Span<byte> destination, in RtpSendParameters p, ushort originalSequenceNumber,
        ReadOnlySpan<byte> originalPayload)
    {
        int headerLength = RtpPacketWriter.WriteHeader(destination, p);
        if (destination.Length - headerLength < OriginalSequenceNumberSize + originalPayload.Length)
        {
            throw new ArgumentException("Destination too small for the RTX packet.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(headerLength), originalSequenceNumber);
        originalPayload.CopyTo(destination.Slice(headerLength + OriginalSequenceNumberSize));
        return headerLength + OriginalSequenceNumberSize + originalPayload.Length;
    }
}
