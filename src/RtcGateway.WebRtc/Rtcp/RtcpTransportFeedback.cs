using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1 transport-wide feedback, RTPFB (PT 205), FMT 15:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  FMT=15 |    PT=205     |           length              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     SSRC of packet sender                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      SSRC of media source                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      base sequence number     |      packet status count      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 reference time                | fb pkt. count |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          packet chunk         |         packet chunk          |
// .                               .                               .
// |         packet chunk          |  recv delta   |  recv delta   |
// .                               .                               .
// |           recv delta          |  recv delta   | zero padding  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Reference time: 24-bit signed, 64 ms units. Chunks (16 bits), §3.1.3/§3.1.4:
//   run length:    |0| S (2) |      run length (13)      |  S repeated run length times
//   status vector: |1|0| 14 one-bit symbols (0 not received, 1 received small delta)
//                  |1|1| 7 two-bit symbols (00 not received, 01 small delta, 10 large/negative delta, 11 reserved)
// Receive deltas (§3.1.5), one per received packet in sequence order, 250 µs units: small = 1 unsigned byte,
// large = 2 bytes signed. The first is relative to the reference time, each next to the previous received packet.
// Symbols of the last chunk beyond the packet status count are ignored.

/// <summary>
/// View of a validated transport-wide congestion control feedback packet (RTPFB FMT 15,
/// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). Obtain it with <see cref="TryRead"/> or
/// <see cref="RtcpPacket.AsTransportFeedback"/>; enumerate the reported packets with <see cref="GetEnumerator"/>
/// (allocation-free) or copy them with <see cref="CopyTo"/>. Valid while the datagram span is.
/// </summary>
public readonly ref struct RtcpTransportFeedback
{
    /// <summary>Bytes before the first packet chunk: SSRCs (8), base sequence number, status count, reference time, fb pkt count (8).</summary>
    public const int FixedSize = 16;

    /// <summary>Receive delta unit: 250 µs.</summary>
    public const int DeltaTickUs = 250;

    /// <summary>Reference time unit: 64 ms = 64,000 µs (= 256 delta ticks).</summary>
    public const int ReferenceTimeUnitUs = 64_000;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpTransportFeedback(ReadOnlySpan<byte> body, int deltasOffset, int receivedCount)
    {
        _body = body;
        DeltasOffset = deltasOffset;
        ReceivedCount = receivedCount;
    }

    /// <summary>SSRC of the packet sender (the browser's receiver SSRC).</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of the media source (Chrome writes one of our SSRCs; transport-wide feedback covers all of them).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>Transport-wide sequence number of the first reported packet.</summary>
    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(8));

    /// <summary>Number of packets reported, starting at <see cref="BaseSequenceNumber"/> (0–65,535).</summary>
    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(10));

    /// <summary>Reference time as sent: 24 bits, in 64 ms units, as an unsigned value 0–2^24−1 (it wraps; unwrap differences mod 2^24).</summary>
    public int ReferenceTime => (_body[12] << 16) | (_body[13] << 8) | _body[14];

    /// <summary>Reference time read as the draft's signed 24-bit integer, in 64 ms units.</summary>
    public int SignedReferenceTime => (ReferenceTime << 8) >> 8;

    /// <summary>Feedback packet count: 8-bit counter the receiver increments per feedback packet (detects loss and reordering of feedback).</summary>
    public byte FeedbackPacketCount => _body[15];

    /// <summary>Number of packets reported received (= number of receive deltas).</summary>
    public int ReceivedCount { get; }

    /// <summary>Offset of the first receive delta in the body (the end of the packet chunks).</summary>
    internal int DeltasOffset { get; }

    /// <summary>
    /// Validates a transport-wide feedback body (the RTCP packet after its 4-byte common header, padding removed, as
    /// <see cref="RtcpPacket.Body"/> gives it). Never throws; walks the chunks once and checks that they cover
    /// <see cref="PacketStatusCount"/> packets, carry no reserved symbol, and that the receive deltas fit. Bytes after the
    /// deltas (zero padding) are ignored.
    /// </summary>
    /// <returns><see cref="RtcpTransportFeedbackError.None"/> and the view, or the reason it is malformed.</returns>
    public static RtcpTransportFeedbackError TryRead(ReadOnlySpan<byte> body, out RtcpTransportFeedback feedback)
    {
        feedback = default;
        if (body.Length < FixedSize)
        {
            return RtcpTransportFeedbackError.TooShort;
        }

        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(10));
        int offset = FixedSize;
        int covered = 0;
        int small = 0;
        int large = 0;
        while (covered < statusCount)
        {
            if (offset + 2 > body.Length)
            {
                return RtcpTransportFeedbackError.ChunksTruncated;
            }

            int chunk = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(offset));
            offset += 2;
            int remaining = statusCount - covered;
            if ((chunk & 0x8000) == 0)
            {
                int symbol = (chunk >> 13) & 0x3;
                int run = Math.Min(chunk & 0x1FFF, remaining);
                if (symbol == 3 && run > 0)
                {
                    return RtcpTransportFeedbackError.ReservedSymbol;
                }

                small += symbol == 1 ? run : 0;
                large += symbol == 2 ? run : 0;
                covered += run;
            }
            else if ((chunk & 0x4000) == 0)
            {
                int n = Math.Min(14, remaining);
                small += System.Numerics.BitOperations.PopCount((uint)((chunk & 0x3FFF) >> (14 - n)));
                covered += n;
            }
            else
            {
                int n = Math.Min(7, remaining);
                for (int i = 0; i < n; i++)
                {
                    int symbol = (chunk >> (12 - (2 * i))) & 0x3;
                    if (symbol == 3)
                    {
                        return RtcpTransportFeedbackError.ReservedSymbol;
                    }

                    small += symbol == 1 ? 1 : 0;
                    large += symbol == 2 ? 1 : 0;
                }

                covered += n;
            }
        }

        if ((long)offset + small + (2L * large) > body.Length)
        {
            return RtcpTransportFeedbackError.DeltasTruncated;
        }

        feedback = new RtcpTransportFeedback(body, offset, small + large);
        return RtcpTransportFeedbackError.None;
    }

    /// <summary>Enumerates every reported packet (received and not received) in sequence order; allocation-free.</summary>
    public RtcpTransportFeedbackEnumerator GetEnumerator() =>
        new(_body.Slice(FixedSize, DeltasOffset - FixedSize), _body.Slice(DeltasOffset), BaseSequenceNumber,
            PacketStatusCount, SignedReferenceTime);

    /// <summary>Copies the reported packets into <paramref name="destination"/> in sequence order.</summary>
    /// <returns>The number written: min(<see cref="PacketStatusCount"/>, destination length).</returns>
    public int CopyTo(Span<RtcpTransportFeedbackStatus> destination)
    {
        int written = 0;
        RtcpTransportFeedbackEnumerator e = GetEnumerator();
        while (written < destination.Length && e.MoveNext())
        {
            destination[written++] = e.Current;
        }

        return written;
    }
}
