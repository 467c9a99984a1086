using System.Buffers.Binary;
using System.Text;

namespace RtcGateway.WebRtc.DataChannels;

// RFC 8832 §5.1 DATA_CHANNEL_OPEN:
//  0                   1                   2                   3
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Message Type |  Channel Type |            Priority           |
// |                    Reliability Parameter                      |
// |         Label Length          |       Protocol Length         |
// \                             Label                             \
// \                            Protocol                           \
// Message Type 0x03; label and protocol are UTF-8 (not terminated).
// RFC 8832 §5.2 DATA_CHANNEL_ACK: one byte, Message Type 0x02.

/// <summary>A parsed DCEP message (RFC 8832 §5): OPEN with its fields, or ACK.</summary>
internal readonly record struct DcepMessage(byte MessageType, DataChannelType ChannelType, ushort Priority, uint Reliability, string Label, string Protocol)
{
    public const byte Open = 0x03;
    public const byte Ack = 0x02;
    private const int OpenHeaderSize = 12;

    /// <summary>Parses; false when truncated, lengths do not match, the type is unknown or strings are not UTF-8.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out DcepMessage message)
    {
        message = default;
        if (data.Length == 1 && data[0] == Ack)
        {
            message = new DcepMessage(Ack, 0, 0, 0, string.Empty, string.Empty);
            return true;
        }

        if (data.Length < OpenHeaderSize || data[0] != Open)
        {
            return false;
        }

        byte type = data[1];
        if ((type & 0x7F) > 0x02)
        {
            return false;
        }

        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(8));
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(10));
        if (data.Length < OpenHeaderSize + labelLength + protocolLength)
        {
            return false;
        }

        var utf8 = new UTF8Encoding(false, true);
        try
        {
            string label = utf8.GetString(data.Slice(OpenHeaderSize, labelLength));
            string protocol = utf8.GetString(data.Slice(OpenHeaderSize + labelLength, protocolLength));
            message = new DcepMessage(
                Open, (DataChannelType)type, BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2)), BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)),
                label, protocol);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public int GetSize() => MessageType == Ack ? 1 : OpenHeaderSize + Encoding.UTF8.GetByteCount(Label) + Encoding.UTF8.GetByteCount(Protocol);

    public int WriteTo(Span<byte> dst)
    {
        if (MessageType == Ack)
        {
            dst[0] = Ack;
            return 1;
        }

        int labelLength = Encoding.UTF8.GetBytes(Label, dst.Slice(OpenHeaderSize));
        int protocolLength = Encoding.UTF8.GetBytes(Protocol, dst.Slice(OpenHeaderSize + labelLength));
        dst[0] = Open;
        dst[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(2), Priority);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(4), Reliability);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(8), (ushort)labelLength);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(10), (ushort)protocolLength);
        return OpenHeaderSize + labelLength + protocolLength;
    }

    public byte[] ToArray()
    {
        byte[] b = new byte[GetSize()];
        WriteTo(b);
        return b;
    }
}
