using System.Buffers.Binary;
using RtcGateway.WebRtc.Srtp;

namespace RtcGateway.WebRtc.Tests.Srtp;

/// <summary>Builders for plain RTP/RTCP packets and matching sender/receiver contexts.</summary>
internal static class SrtpTestPackets
{
    public static readonly SrtpProtectionProfile[] Profiles =
        [SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm];

    public static (byte[] Key, byte[] Salt) MasterKey(SrtpProtectionProfile profile, int seed)
    {
        var random = new Random(seed);
        byte[] key = new byte[profile.GetMasterKeyLength()];
        byte[] salt = new byte[profile.GetMasterSaltLength()];
        random.NextBytes(key);
        random.NextBytes(salt);
        return (key, salt);
    }

    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile, int seed = 1, int maxSsrcs = SrtpContext.DefaultMaxSsrcs)
    {
        (byte[] key, byte[] salt) = MasterKey(profile, seed);
        return (new SrtpContext(profile, key, salt, maxSsrcs), new SrtpContext(profile, key, salt, maxSsrcs));
    }

    /// <summary>RTP packet (RFC 3550 §5.1) with optional CSRCs and a one-byte-header extension (RFC 8285).</summary>
    public static byte[] BuildRtp(ushort seq, uint ssrc, int payloadLength, int csrcCount = 0, int extensionWords = 0, byte fill = 0)
    {
        int header = 12 + 4 * csrcCount + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[header + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)seq * 3000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        int offset = 12;
        for (int i = 0; i < csrcCount; i++, offset += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset), 0xC5C00000u + (uint)i);
        }

        if (extensionWords > 0)
        {
            packet[offset] = 0xBE;
            packet[offset + 1] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), (ushort)extensionWords);
            for (int i = 0; i < 4 * extensionWords; i++)
            {
                packet[offset + 4 + i] = (byte)(0x10 + i);
            }

            offset += 4 + 4 * extensionWords;
        }

        for (int i = 0; i < payloadLength; i++)
        {
            packet[offset + i] = (byte)(fill + seq + i);
        }

        return packet;
    }

    /// <summary>RTCP receiver report (RFC 3550 §6.4.2) with one report block; <paramref name="tag"/> varies its content.</summary>
    public static byte[] RtcpReceiverReport(uint ssrc, uint tag)
    {
        byte[] packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x11223344);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(20), tag * 7);
        return packet;
    }

    /// <summary>Copies <paramref name="plain"/> into a buffer with room for the overhead.</summary>
    public static byte[] WithRoom(byte[] plain)
    {
        byte[] buffer = new byte[plain.Length + SrtpContext.MaxRtcpOverhead];
        plain.CopyTo(buffer, 0);
        return buffer;
    }

    public static byte[] ProtectRtp(SrtpContext sender, byte[] plain)
    {
        byte[] buffer = WithRoom(plain);
        int length = sender.ProtectRtp(buffer, plain.Length);
        return buffer[..length];
    }

    public static byte[] ProtectRtcp(SrtpContext sender, byte[] plain)
    {
        byte[] buffer = WithRoom(plain);
        int length = sender.ProtectRtcp(buffer, plain.Length);
        return buffer[..length];
    }
}
