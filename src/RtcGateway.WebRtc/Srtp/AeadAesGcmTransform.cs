using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// SRTP_AEAD_AES_128_GCM (RFC 7714): 16-byte tag; SRTP nonce and AAD per §8.1/§8.2, SRTCP per §9.1/§9.2.
/// Session keys come from the RFC 3711 KDF (RFC 7714 §11) with a 12-byte session salt.
/// </summary>
internal sealed class AeadAesGcmTransform : ISrtpTransform
{
    private const int TagLength = 16;
    private const int SaltLength = 12;

    private readonly AesGcm _rtpGcm;
    private readonly AesGcm _rtcpGcm;
    private readonly byte[] _rtpSalt = new byte[SaltLength];
    private readonly byte[] _rtcpSalt = new byte[SaltLength];

    public AeadAesGcmTransform(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        Span<byte> rtpKey = stackalloc byte[16];
        Span<byte> rtcpKey = stackalloc byte[16];
        using (var master = new AesCounterMode(masterKey))
        {
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpEncryption, rtpKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpSalt, _rtpSalt);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpEncryption, rtcpKey);
            SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtcpSalt, _rtcpSalt);
        }

        _rtpGcm = new AesGcm(rtpKey, TagLength);
        _rtcpGcm = new AesGcm(rtcpKey, TagLength);
        CryptographicOperations.ZeroMemory(rtpKey);
        CryptographicOperations.ZeroMemory(rtcpKey);
    }

    /// <summary>Builds a transform directly from session keys (RFC 7714 §16/§17 vectors are stated that way).</summary>
    internal AeadAesGcmTransform(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, bool sessionKeys)
    {
        _ = sessionKeys;
        sessionSalt.CopyTo(_rtpSalt);
        sessionSalt.CopyTo(_rtcpSalt);
        _rtpGcm = new AesGcm(sessionKey, TagLength);
        _rtcpGcm = new AesGcm(sessionKey, TagLength);
    }

    /// <summary>RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt, 12 bytes.</summary>
    internal static void BuildRtpIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(6), (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(10), (ushort)index);
        for (int k = 0; k < SaltLength; k++)
        {
            iv[k] ^= salt[k];
        }
    }

    /// <summary>RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt, 12 bytes.</summary>
    internal static void BuildRtcpIv(ReadOnlySpan<byte> salt, uint ssrc, uint srtcpIndex, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(2), ssrc);
        iv[6] = 0;
        iv[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(8), srtcpIndex & 0x7FFF_FFFFu);
        for (int k = 0; k < SaltLength; k++)
        {
            iv[k] ^= salt[k];
        }
    }

    public void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[SaltLength];
        BuildRtpIv(_rtpSalt, ssrc, index, iv);
        Span<byte> payload = packet.Slice(headerLength, length - headerLength);
        _rtpGcm.Encrypt(iv, payload, payload, packet.Slice(length, TagLength), packet.Slice(0, headerLength));
    }

    public bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[SaltLength];
        BuildRtpIv(_rtpSalt, ssrc, index, iv);
        int end = length - TagLength;
        Span<byte> payload = packet.Slice(headerLength, end - headerLength);
        return TryDecrypt(_rtpGcm, iv, payload, packet.Slice(end, TagLength), packet.Slice(0, headerLength));
    }

    public void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex)
    {
        // RFC 7714 §9.2: header (8) | ciphertext | tag (16) | E || SRTCP index (4); AAD = header || E || index.
        uint word = 0x8000_0000u | srtcpIndex;
        Span<byte> aad = stackalloc byte[12];
        packet.Slice(0, 8).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(8), word);
        Span<byte> iv = stackalloc byte[SaltLength];
        BuildRtcpIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        Span<byte> payload = packet.Slice(8, length - 8);
        _rtcpGcm.Encrypt(iv, payload, payload, packet.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length + TagLength, 4), word);
    }

    public bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        int tagStart = length - 4 - TagLength;
        Span<byte> iv = stackalloc byte[SaltLength];
        BuildRtcpIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagStart, TagLength).CopyTo(tag);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[12];
            packet.Slice(0, 8).CopyTo(aad);
            packet.Slice(length - 4, 4).CopyTo(aad.Slice(8));
            return TryDecrypt(_rtcpGcm, iv, packet.Slice(8, tagStart - 8), tag, aad);
        }

        // RFC 7714 §9.3 (E = 0): the whole packet and the E || index word are AAD, the plaintext is empty.
        // Move the index word next to the packet so the AAD is contiguous.
        packet.Slice(length - 4, 4).CopyTo(packet.Slice(tagStart, 4));
        return TryDecrypt(_rtcpGcm, iv, Span<byte>.Empty, tag, packet.Slice(0, tagStart + 4));
    }

    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> iv, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(iv, data, tag, data, aad);
            return true;
        }
        catch (CryptographicException)
        {
            // AuthenticationTagMismatchException derives from CryptographicException; .NET has no non-throwing Decrypt.
            return false;
        }
    }

    public void Dispose()
    {
        _rtpGcm.Dispose();
        _rtcpGcm.Dispose();
    }
}
