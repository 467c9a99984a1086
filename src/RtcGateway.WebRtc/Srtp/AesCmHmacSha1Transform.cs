using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode (RFC 3711 §4.1.1) and HMAC-SHA1 truncated to
/// 80 bits (RFC 3711 §4.2.1) over the authenticated portion followed by the ROC (SRTP, §4.2) or including
/// the E-flag/SRTCP-index word (SRTCP, §3.4).
/// </summary>
internal sealed class AesCmHmacSha1Transform : ISrtpTransform
{
    private const int TagLength = 10;
    private const int SaltLength = 14;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];
    private readonly byte[] _rtpAuthKey = new byte[20];
    private readonly byte[] _rtcpAuthKey = new byte[20];

    public AesCmHmacSha1Transform(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> rtpKey = stackalloc byte[16];
        Span<byte> rtcpKey = stackalloc byte[16];
        using (var master = new AesCounterMode(masterKey))
        {
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpEncryption, rtpKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpAuthentication, _rtpAuthKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpSalt, _rtpSalt);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpEncryption, rtcpKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpAuthentication, _rtcpAuthKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpSalt, _rtcpSalt);
        }

        _rtpCipher = new AesCounterMode(rtpKey);
        _rtcpCipher = new AesCounterMode(rtcpKey);
        CryptographicOperations.ZeroMemory(rtpKey);
        CryptographicOperations.ZeroMemory(rtcpKey);
    }

    /// <summary>
    /// RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16), as 16 big-endian bytes.
    /// </summary>
    internal static void BuildIv(ReadOnlySpan<byte> sessionSalt, uint ssrc, ulong index, Span<byte> iv)
    {
        sessionSalt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (int k = 0; k < 6; k++)
        {
            iv[8 + k] ^= (byte)(index >> (40 - 8 * k));
        }
    }

    public void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, packet.Slice(headerLength, length - headerLength));

        // RFC 3711 §4.2: M = Authenticated Portion || ROC. The ROC goes where the tag will be written.
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length, 4), (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(_rtpAuthKey, packet.Slice(0, length + 4), mac);
        mac.Slice(0, TagLength).CopyTo(packet.Slice(length, TagLength));
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        int authenticated = length - TagLength;
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(authenticated, TagLength).CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(authenticated, 4), (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(_rtpAuthKey, packet.Slice(0, authenticated + 4), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, TagLength), tag))
        {
            tag.CopyTo(packet.Slice(authenticated, TagLength));
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Transform(iv, packet.Slice(headerLength, authenticated - headerLength));
        return true;
    }

    public void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex)
    {
        // RFC 3711 §3.4: header (8) | encrypted portion | E || SRTCP index (4) | tag (10); IV as §4.1.1 with i = SRTCP index.
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        _rtcpCipher.Transform(iv, packet.Slice(8, length - 8));
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length, 4), 0x8000_0000u | srtcpIndex);
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(_rtcpAuthKey, packet.Slice(0, length + 4), mac);
        mac.Slice(0, TagLength).CopyTo(packet.Slice(length + 4, TagLength));
    }

    public bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        int authenticated = length - TagLength; // includes the E || index word
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(_rtcpAuthKey, packet.Slice(0, authenticated), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac.Slice(0, TagLength), packet.Slice(authenticated, TagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
            _rtcpCipher.Transform(iv, packet.Slice(8, authenticated - 4 - 8));
        }

        return true;
    }

    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        CryptographicOperations.ZeroMemory(_rtpAuthKey);
        CryptographicOperations.ZeroMemory(_rtcpAuthKey);
    }
}
