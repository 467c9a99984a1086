using System.Buffers.Binary;
using System.Text;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// Hostile datagrams for the gateway's UDP port, deterministic from a seed: random bytes with every first-byte value
/// (so every RFC 7983 §7 class: STUN 0–3, ZRTP 16–19, DTLS 20–63, TURN channel 64–79, RTP/RTCP 128–191, and the
/// undefined ranges), shaped-but-wrong STUN/DTLS/RTP, and STUN checks that name a live session's ufrag but carry a
/// wrong MESSAGE-INTEGRITY (RFC 8489 §14.5), so they reach that session and must be rejected there.
/// </summary>
public static class GarbageDatagrams
{
    private const uint MagicCookie = 0x2112A442; // RFC 8489 §5

    /// <summary>Random datagrams (first byte = index mod 256, length 0–1400) plus header-shaped ones; none can route.</summary>
    public static List<byte[]> Unroutable(int seed, int count)
    {
        var random = new Random(seed);
        var list = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            byte[] d;
            switch (i % 5)
            {
                case 0:
                case 1:
                    d = new byte[random.Next(0, 1401)];
                    random.NextBytes(d);
                    if (d.Length > 0)
                    {
                        d[0] = (byte)(i & 0xFF);
                    }

                    break;
                case 2:
                    // STUN Binding request header (RFC 8489 §5) with random attributes and a random ufrag nobody owns.
                    d = Stun(random, "zz" + random.Next(), random.Next(2) == 0, lieAboutLength: random.Next(4) == 0);
                    break;
                case 3:
                    // DTLS 1.2 record header (RFC 6347 §4.1): content type 20–23, version FE FD, epoch, seq, random body.
                    d = new byte[13 + random.Next(0, 300)];
                    random.NextBytes(d);
                    d[0] = (byte)(20 + random.Next(4));
                    d[1] = 0xFE;
                    d[2] = 0xFD;
                    BinaryPrimitives.WriteUInt16BigEndian(d.AsSpan(11), (ushort)random.Next(0, 70_000 & 0xFFFF));
                    break;
                default:
                    // RTP/RTCP header (RFC 3550 §5.1 / §6.4): V=2, random PT 64–127 or RTCP 200–206.
                    d = new byte[12 + random.Next(0, 1200)];
                    random.NextBytes(d);
                    d[0] = (byte)(0x80 | (d[0] & 0x3F));
                    d[1] = random.Next(2) == 0 ? (byte)random.Next(64, 128) : (byte)random.Next(200, 207);
                    break;
            }

            list.Add(d);
        }

        return list;
    }

    /// <summary>Whether forged check number <paramref name="index"/> has a lying length / truncated tail (then the
    /// router cannot read its USERNAME and the datagram is unroutable).</summary>
    public static bool IsMangledCheck(int index) => index % 7 == 3;

    /// <summary>STUN Binding requests to <paramref name="serverUfrag"/> (routable to that session) with bad integrity;
    /// those where <see cref="IsMangledCheck"/> holds are additionally malformed.</summary>
    public static List<byte[]> ForgedChecks(int seed, string serverUfrag, int count)
    {
        var random = new Random(seed);
        var list = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            list.Add(Stun(random, serverUfrag, withFingerprint: i % 2 == 0, lieAboutLength: IsMangledCheck(i)));
        }

        return list;
    }

    /// <summary>
    /// A Binding request: USERNAME "server:remote", PRIORITY, ICE-CONTROLLING, sometimes USE-CANDIDATE, a random
    /// 20-byte MESSAGE-INTEGRITY (wrong key), optionally a correct FINGERPRINT (RFC 8489 §14.7); optionally a lying
    /// length field or a truncated tail.
    /// </summary>
    private static byte[] Stun(Random random, string serverUfrag, bool withFingerprint, bool lieAboutLength)
    {
        var body = new List<byte>();
        void Attr(ushort type, byte[] value)
        {
            body.Add((byte)(type >> 8));
            body.Add((byte)type);
            body.Add((byte)(value.Length >> 8));
            body.Add((byte)value.Length);
            body.AddRange(value);
            while (body.Count % 4 != 0)
            {
                body.Add(0);
            }
        }

        Attr(0x0006, Encoding.ASCII.GetBytes(serverUfrag + ":" + random.Next(1000, 9999))); // USERNAME
        Attr(0x0024, BitConverter.GetBytes(random.Next())); // PRIORITY
        byte[] tie = new byte[8];
        random.NextBytes(tie);
        Attr(0x802A, tie); // ICE-CONTROLLING
        if (random.Next(2) == 0)
        {
            Attr(0x0025, []); // USE-CANDIDATE
        }

        byte[] mac = new byte[20];
        random.NextBytes(mac);
        Attr(0x0008, mac); // MESSAGE-INTEGRITY (wrong)

        int fingerprintLength = withFingerprint ? 8 : 0;
        byte[] message = new byte[20 + body.Count + fingerprintLength];
        BinaryPrimitives.WriteUInt16BigEndian(message, 0x0001);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)(body.Count + fingerprintLength));
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), MagicCookie);
        random.NextBytes(message.AsSpan(8, 12));
        body.CopyTo(message, 20);
        if (withFingerprint)
        {
            int at = 20 + body.Count;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), 0x8028);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), 4);
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(at + 4), Crc32(message.AsSpan(0, at)) ^ 0x5354554E);
        }

        if (lieAboutLength)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)random.Next(0, 0x10000));
            return message[..random.Next(20, message.Length + 1)];
        }

        return message;
    }

    /// <summary>CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320), as STUN FINGERPRINT uses.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
