using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>Writes a BYE packet (RFC 3550 §6.6): SSRCs and an optional reason, padded to 32 bits with nulls.</summary>
public static class RtcpByeWriter
{
    /// <summary>Size in bytes: 4 + 4 × SSRCs (+ round4(1 + reason) when a reason is given).</summary>
    public static int GetSize(int ssrcCount, int reasonLength) =>
        4 + (4 * ssrcCount) + (reasonLength == 0 ? 0 : (1 + reasonLength + 3) & ~3);

    /// <summary>Writes the BYE and returns its length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">more than 31 SSRCs or a reason longer than 255 bytes.</exception>
    /// <exception cref="ArgumentException">destination is shorter than <see cref="GetSize"/>.</exception>
    public static int WriteTo(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ssrcs.Length, 31, nameof(ssrcs));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, 255, nameof(reason));
        int size = GetSize(ssrcs.Length, reason.Length);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the BYE.", nameof(destination));
        }

        RtcpSenderReportWriter.WriteHeader(destination, ssrcs.Length, (byte)RtcpPacketType.Goodbye, size);
        int offset = 4;
        foreach (uint ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), ssrc);
            offset += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(offset + 1));
            offset += 1 + reason.Length;
            destination.Slice(offset, size - offset).Clear();
        }

        return size;
    }
}
