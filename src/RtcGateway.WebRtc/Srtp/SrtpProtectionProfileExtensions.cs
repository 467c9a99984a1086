namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// Transform parameters of each <see cref="SrtpProtectionProfile"/> (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// All lengths are in bytes. Every method throws <see cref="ArgumentOutOfRangeException"/> for a value
/// that is not a defined <see cref="SrtpProtectionProfile"/>; use <see cref="IsSupported"/> to test a
/// code received on the wire first.
/// </summary>
public static class SrtpProtectionProfileExtensions
{
    /// <summary>True when <paramref name="profile"/> is one of the profiles this stack implements.</summary>
    /// <param name="profile">Profile, possibly an arbitrary <c>use_srtp</c> code cast to the enum.</param>
    public static bool IsSupported(this SrtpProtectionProfile profile) =>
        profile is SrtpProtectionProfile.Aes128CmHmacSha1_80 or SrtpProtectionProfile.AeadAes128Gcm;

    /// <summary>Master key length in bytes (<c>cipher_key_length</c>): 16 for both profiles.</summary>
    public static int GetMasterKeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>
    /// Master salt length in bytes (<c>cipher_salt_length</c>): 14 (112 bits) for AES-CM, 12 (96 bits) for AEAD_AES_128_GCM.
    /// The session salt derived from it has the same length.
    /// </summary>
    public static int GetMasterSaltLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw Unsupported(profile),
    };

    /// <summary>
    /// Bytes appended to an RTP packet by protection: the authentication tag, 10 (HMAC-SHA1-80,
    /// RFC 3711 §4.2.1) or 16 (GCM tag, RFC 7714 §8). No MKI is used.
    /// </summary>
    public static int GetRtpAuthTagLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>
    /// Bytes appended to an RTCP compound packet by protection: the 4-byte E-flag/SRTCP-index word plus
    /// the tag. 14 for AES-CM (index then tag, RFC 3711 §3.4), 20 for GCM (tag then index, RFC 7714 §9).
    /// </summary>
    public static int GetSrtcpTrailerLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 20,
        _ => throw Unsupported(profile),
    };

    /// <summary>
    /// Length in bytes of the DTLS exporter output (label <c>EXTRACTOR-dtls_srtp</c>) for this profile:
    /// 2 × (key + salt) = 60 for AES-CM, 56 for AEAD_AES_128_GCM (RFC 5764 §4.2).
    /// </summary>
    public static int GetKeyingMaterialLength(this SrtpProtectionProfile profile) =>
        2 * (profile.GetMasterKeyLength() + profile.GetMasterSaltLength());

    private static ArgumentOutOfRangeException Unsupported(SrtpProtectionProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
