using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>Writes a REMB packet (draft-alvestrand-rmcat-remb-03 §2.2), for tests and test receivers.</summary>
public static class RtcpRembWriter
{
    /// <summary>Size in bytes of the whole RTCP packet: 4 + 16 + 4 × SSRCs.</summary>
    public static int GetSize(int ssrcCount) => 4 + RtcpRemb.FixedSize + (4 * ssrcCount);

    /// <summary>
    /// Writes the packet and returns its length. The bitrate is encoded with the smallest exponent whose mantissa fits
    /// 18 bits (rounding down: the written value is ≤ <paramref name="bitrateBps"/>, within 2^-17 of it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">negative bitrate or more than 255 SSRCs.</exception>
    /// <exception cref="ArgumentException">destination shorter than <see cref="GetSize"/>.</exception>
    public static int WriteTo(Span<byte> destination, uint senderSsrc, long bitrateBps, ReadOnlySpan<uint> ssrcs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitrateBps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ssrcs.Length, 255, nameof(ssrcs));
        int size = GetSize(ssrcs.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the REMB.", nameof(destination));
        }

        int exponent = 0;
        while ((bitrateBps >> exponent) >= (1 << 18))
        {
            exponent++;
        }

        long mantissa = bitrateBps >> exponent;
        RtcpSenderReportWriter.WriteHeader(destination, 15, (byte)RtcpPacketType.PayloadSpecificFeedback, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), 0);
        "REMB"u8.CopyTo(destination.Slice(12));
        destination[16] = (byte)ssrcs.Length;
        destination[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20 + (4 * i)), ssrcs[i]);
        }

        return size;
    }
}
