using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Tests.Rtcp;

/// <summary>Builds RTCP packets byte by byte per RFC 3550/4585/5104, as a browser would send them.</summary>
internal static class RtcpBytes
{
    public static byte[] Packet(int count, byte packetType, params byte[] body)
    {
        Assert.Equal(0, body.Length % 4);
        var packet = new byte[4 + body.Length];
        packet[0] = (byte)(0x80 | count);
        packet[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((packet.Length / 4) - 1));
        body.CopyTo(packet, 4);
        return packet;
    }

    public static byte[] U32(params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    // Chrome-like RR: receiver SSRC 0x00000001 reporting on our media SSRC.
    public static byte[] ReceiverReport(uint mediaSsrc, uint lsr, uint dlsr) =>
        Packet(1, 201, Concat(
            U32(0x00000001, mediaSsrc),
            [0x05, 0xFF, 0xFF, 0xFE], // fraction lost 5, cumulative lost -2
            U32(0x0001_0010, 42, lsr, dlsr)));

    public static byte[] SdesCname(uint ssrc, string cname)
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes(cname);
        int itemsLength = (2 + text.Length + 4) & ~3;
        var body = new byte[4 + itemsLength];
        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        body[4] = 1;
        body[5] = (byte)text.Length;
        text.CopyTo(body, 6);
        return Packet(1, 202, body);
    }

    public static byte[] Pli(uint sender, uint media) => Packet(1, 206, U32(sender, media));

    public static byte[] Nack(uint sender, uint media, params (ushort Pid, ushort Blp)[] items)
    {
        byte[] fci = new byte[items.Length * 4];
        for (int i = 0; i < items.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(fci.AsSpan(i * 4), items[i].Pid);
            BinaryPrimitives.WriteUInt16BigEndian(fci.AsSpan((i * 4) + 2), items[i].Blp);
        }

        return Packet(1, 205, Concat(U32(sender, media), fci));
    }

    public static byte[] Fir(uint sender, params (uint Ssrc, byte Seq)[] entries)
    {
        var fci = new byte[entries.Length * 8];
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci.AsSpan(i * 8), entries[i].Ssrc);
            fci[(i * 8) + 4] = entries[i].Seq;
        }

        return Packet(4, 206, Concat(U32(sender, 0), fci));
    }

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: base seq 5, status count 3, reference time,
    // fb pkt count, one run-length chunk (3 × small delta), 3 deltas, padding to 32 bits.
    public static byte[] TransportCc(uint sender, uint media) =>
        Packet(15, 205, Concat(U32(sender, media), [0x00, 0x05, 0x00, 0x03, 0x00, 0x01, 0x02, 0x07, 0x20, 0x03, 0x04, 0x04, 0x04, 0x00, 0x00, 0x00]));

    public static byte[] Remb(uint sender, uint media) =>
        Packet(15, 206, Concat(U32(sender, 0), "REMB"u8.ToArray(), [0x01, 0x0A, 0xBC, 0xDE], U32(media)));
}
