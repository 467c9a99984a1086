using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Writes one RTP packet (RFC 3550 §5.1 header + RFC 8285 header extensions + payload) into a caller-provided
/// span without allocating. Extension policy (per viewer ids from <see cref="RtpHeaderExtensionIds"/>):
/// <list type="bullet">
/// <item>mid (RFC 8843 §15): on every packet (libwebrtc stops once it has RTCP from the receiver; always sending
/// costs ≤ 17 bytes and keeps late-joining demuxers simple).</item>
/// <item>playout-delay (3 bytes, 12-bit min/max in 10 ms): on the first packet of every frame; libwebrtc takes
/// frame-level properties from the frame's first packet.</item>
/// <item>abs-capture-time (8-byte UQ32.32 NTP capture time, no clock offset): on the first packet of every frame.</item>
/// <item>transport-wide-cc (16-bit sequence number): on every packet.</item>
/// <item>abs-send-time (24-bit 6.18 fixed-point seconds): on every packet when negotiated.</item>
/// </list>
/// Form: one-byte header 0xBEDE (RFC 8285 §4.2) when every id is 1–14 (all lengths here are ≤ 16), otherwise
/// two-byte header 0x1000 (§4.3). The extension block is zero-padded to a multiple of 4 bytes.
/// </summary>
public static class RtpPacketWriter
{
    private const int AbsCaptureTimeSize = 8;
    private const int TransportWideCcSize = 2;
    private const int AbsSendTimeSize = 3;

    /// <summary>Size in bytes of the extension block (4-byte header + elements + padding), 0 when nothing is written for these parameters.</summary>
    public static int GetExtensionBlockSize(in RtpSendParameters p)
    {
        RtpHeaderExtensionIds ids = p.Extensions ?? RtpHeaderExtensionIds.None;
        int elementHeader = ids.UseTwoByteHeader ? 2 : 1;
        int size = 0;
        if (ids.MidId is not null)
        {
            size += elementHeader + ids.MidBytes.Length;
        }

        if (p.FirstPacketOfFrame)
        {
            if (ids.PlayoutDelayId is not null)
            {
                size += elementHeader + PlayoutDelay.Size;
            }

            if (ids.AbsCaptureTimeId is not null)
            {
                size += elementHeader + AbsCaptureTimeSize;
            }
        }

        if (ids.TransportWideCcId is not null)
        {
            size += elementHeader + TransportWideCcSize;
        }

        if (ids.AbsSendTimeId is not null)
        {
            size += elementHeader + AbsSendTimeSize;
        }

        return size == 0 ? 0 : 4 + ((size + 3) & ~3);
    }

    /// <summary>Header length in bytes (12 + extension block) for these parameters.</summary>
    public static int GetHeaderSize(in RtpSendParameters p) => RtpHeader.FixedHeaderSize + GetExtensionBlockSize(p);

    /// <summary>Total packet length in bytes for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int GetSize(in RtpSendParameters p, int payloadLength) => GetHeaderSize(p) + payloadLength;

    /// <summary>
    /// Writes header, extensions and payload into <paramref name="destination"/> and returns the packet length.
    /// </summary>
    /// <exception cref="ArgumentException">destination is shorter than <see cref="GetSize"/>.</exception>
    public static int Write(Span<byte> destination, in RtpSendParameters p, ReadOnlySpan<byte> payload)
    {
        int headerLength = WriteHeader(destination, p);
        if (destination.Length - headerLength < payload.Length)
        {
            throw new ArgumentException("Destination too small for the RTP packet.", nameof(destination));
        }

        payload.CopyTo(destination.Slice(headerLength));
        return headerLength + payload.Length;
    }

    /// <summary>
    /// Writes payload <paramref name="index"/> of a shared <see cref="PacketizedFrame"/>, taking the marker bit from
    /// <see cref="PacketizedFrame.IsLast"/> and the first-packet flag from index 0 (overriding those two fields of
    /// <paramref name="p"/>). Returns the packet length.
    /// </summary>
    /// <exception cref="ArgumentException">destination is too small.</exception>
    /// <exception cref="ObjectDisposedException">the frame was released.</exception>
    public static int Write(Span<byte> destination, in RtpSendParameters p, PacketizedFrame frame, int index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        RtpSendParameters q = p with { Marker = frame.IsLast(index), FirstPacketOfFrame = index == 0 };
        return Write(destination, q, frame.GetPayload(index));
    }

    /// <summary>Writes only the header and extension block; returns the header length (payload goes at that offset).</summary>
    /// <exception cref="ArgumentException">destination is shorter than <see cref="GetHeaderSize"/>.</exception>
    public static int WriteHeader(Span<byte> destination, in RtpSendParameters p)
    {
        int extensionBlock = GetExtensionBlockSize(p);
        int headerLength = RtpHeader.FixedHeaderSize + extensionBlock;
        if (destination.Length < headerLength)
        {
            throw new ArgumentException("Destination too small for the RTP header.", nameof(destination));
        }

        RtpHeader.WriteFixedHeader(
            destination, padding: false, extension: extensionBlock != 0, p.Marker, p.PayloadType, p.SequenceNumber,
            p.Timestamp, p.Ssrc);
        if (extensionBlock == 0)
        {
            return headerLength;
        }

        RtpHeaderExtensionIds ids = p.Extensions!;
        bool twoByte = ids.UseTwoByteHeader;
        Span<byte> block = destination.Slice(RtpHeader.FixedHeaderSize, extensionBlock);

        // RFC 3550 §5.3.1 / RFC 8285 §4.2-4.3: profile, length in 32-bit words, elements.
        BinaryPrimitives.WriteUInt16BigEndian(block, twoByte ? RtpHeader.TwoByteExtensionProfile : RtpHeader.OneByteExtensionProfile);
        BinaryPrimitives.WriteUInt16BigEndian(block.Slice(2), (ushort)((extensionBlock - 4) / 4));
        int offset = 4;

        if (ids.MidId is { } midId)
        {
            Span<byte> data = BeginElement(block, ref offset, midId, ids.MidBytes.Length, twoByte);
            ids.MidBytes.CopyTo(data);
        }

        if (p.FirstPacketOfFrame)
        {
            if (ids.PlayoutDelayId is { } playoutId)
            {
                p.PlayoutDelay.WriteTo(BeginElement(block, ref offset, playoutId, PlayoutDelay.Size, twoByte));
            }

            if (ids.AbsCaptureTimeId is { } captureId)
            {
                // abs-capture-time: 64-bit UQ32.32 NTP absolute capture timestamp (short form without clock offset).
                Span<byte> data = BeginElement(block, ref offset, captureId, AbsCaptureTimeSize, twoByte);
                BinaryPrimitives.WriteUInt64BigEndian(data, NtpTimestamp.FromUnixMicroseconds(p.CaptureTimeUs).Value);
            }
        }

        if (ids.TransportWideCcId is { } twccId)
        {
            // draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: 16-bit transport-wide sequence number.
            Span<byte> data = BeginElement(block, ref offset, twccId, TransportWideCcSize, twoByte);
            BinaryPrimitives.WriteUInt16BigEndian(data, p.TransportSequenceNumber);
        }

        if (ids.AbsSendTimeId is { } sendId)
        {
            // abs-send-time: 24-bit 6.18 fixed point seconds = bits 14..37 of the 64-bit NTP time.
            Span<byte> data = BeginElement(block, ref offset, sendId, AbsSendTimeSize, twoByte);
            uint value = (uint)(NtpTimestamp.FromUnixMicroseconds(p.SendTimeUs).Value >> 14) & 0xFF_FFFF;
            data[0] = (byte)(value >> 16);
            data[1] = (byte)(value >> 8);
            data[2] = (byte)value;
        }

        block.Slice(offset).Clear();
        return headerLength;
    }

    private static Span<byte> BeginElement(Span<byte> block, ref int offset, byte id, int length, bool twoByte)
    {
        if (twoByte)
        {
            block[offset] = id;
            block[offset + 1] = (byte)length;
            offset += 2;
        }
        else
        {
            block[offset] = (byte)((id << 4) | (length - 1));
            offset += 1;
        }

        Span<byte> data = block.Slice(offset, length);
        offset += length;
        return data;
    }
}
