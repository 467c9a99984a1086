using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// draft-alvestrand-rmcat-remb-03 §2.2 receiver estimated maximum bitrate, PSFB (PT 206), FMT 15:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P| FMT=15  |   PT=206      |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source (0)                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Unique identifier 'R' 'E' 'M' 'B'                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   SSRC feedback                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  ...                                                          |
// Bitrate in bits/s = mantissa (18 bits) × 2^exp (6 bits).

/// <summary>
/// View of a validated REMB packet (draft-alvestrand-rmcat-remb-03 §2.2): the receiver's estimate of the total bitrate
/// it can take for the listed SSRCs. Obtain it with <see cref="TryRead"/> or <see cref="RtcpPacket.AsRemb"/>.
/// Valid while the datagram span is.
/// </summary>
public readonly ref struct RtcpRemb
{
    /// <summary>Bytes before the SSRC list: two SSRCs, identifier, Num SSRC + BR Exp + BR Mantissa.</summary>
    public const int FixedSize = 16;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpRemb(ReadOnlySpan<byte> body) => _body = body;

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>Media source SSRC field (0 per the draft).</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>Num SSRC: number of SSRC feedback entries (0–255).</summary>
    public int SsrcCount => _body[12];

    /// <summary>BR Exp (0–63).</summary>
    public int Exponent => _body[13] >> 2;

    /// <summary>BR Mantissa (18 bits).</summary>
    public int Mantissa => ((_body[13] & 0x3) << 16) | (_body[14] << 8) | _body[15];

    /// <summary>Estimated maximum bitrate, bits/s: mantissa × 2^exp, saturated to <see cref="long.MaxValue"/>.</summary>
    public long BitrateBps
    {
        get
        {
            long mantissa = Mantissa;
            int exponent = Exponent;
            if (mantissa == 0)
            {
                return 0;
            }

            // mantissa < 2^18, so the shift is exact while 18 + exp ≤ 63.
            return exponent <= 63 - 18 || mantissa <= (long.MaxValue >> exponent)
                ? mantissa << exponent
                : long.MaxValue;
        }
    }

    /// <summary>SSRC feedback entry <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="SsrcCount"/>.</exception>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(FixedSize + (4 * index)));
    }

    /// <summary>
    /// Validates a REMB body (the RTCP packet after its 4-byte common header, padding removed). Never throws. Bytes after
    /// the SSRC list are ignored.
    /// </summary>
    public static RtcpRembError TryRead(ReadOnlySpan<byte> body, out RtcpRemb remb)
    {
        remb = default;
        if (body.Length < 12 || !body.Slice(8, 4).SequenceEqual("REMB"u8))
        {
            return body.Length < FixedSize ? RtcpRembError.TooShort : RtcpRembError.MissingIdentifier;
        }

        if (body.Length < FixedSize)
        {
            return RtcpRembError.TooShort;
        }

        if (FixedSize + (4 * body[12]) > body.Length)
        {
            return RtcpRembError.SsrcListTruncated;
        }

        remb = new RtcpRemb(body);
        return RtcpRembError.None;
    }
}
