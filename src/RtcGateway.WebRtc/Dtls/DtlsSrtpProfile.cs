namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// SRTP protection profiles negotiated by the DTLS use_srtp extension (RFC 5764 §4.1.2, IANA "DTLS-SRTP Protection
/// Profiles") that this gateway supports, and their keying material sizes.
/// </summary>
public static class DtlsSrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001, RFC 5764 §4.1.2): 128-bit key, 112-bit salt, 80-bit tag.</summary>
    public const ushort Aes128CmHmacSha1_80 = 0x0001;

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007, RFC 7714 §14.2): 128-bit key, 96-bit salt, 16-byte tag.</summary>
    public const ushort AeadAes128Gcm = 0x0007;

    /// <summary>
    /// The server's preference order; the first entry the client offered is selected (never the client's last one,
    /// which can be a NULL cipher). AES_CM first: proven with Chrome (see WEBRTC-NOTES.md).
    /// </summary>
    public static ReadOnlySpan<ushort> ServerPreference => [Aes128CmHmacSha1_80, AeadAes128Gcm];

    /// <summary>
    /// Master key length in bytes for <paramref name="profile"/> (16 for both supported profiles).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported profile.</exception>
    public static int MasterKeyLength(ushort profile) => profile switch
    {
        Aes128CmHmacSha1_80 or AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP protection profile"),
    };

    /// <summary>
    /// Master salt length in bytes for <paramref name="profile"/>: 14 (AES_CM, RFC 3711 §8.2) or 12 (AEAD GCM,
    /// RFC 7714 §12).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported profile.</exception>
    public static int MasterSaltLength(ushort profile) => profile switch
    {
        Aes128CmHmacSha1_80 => 14,
        AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP protection profile"),
    };

    /// <summary>
    /// Length of the exported keying material (RFC 5764 §4.2): 2 × (key + salt) = 60 bytes for 0x0001, 56 for 0x0007.
    /// Layout: client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
    /// server_write_SRTP_master_salt.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported profile.</exception>
    public static int KeyingMaterialLength(ushort profile) => 2 * (MasterKeyLength(profile) + MasterSaltLength(profile));

    /// <summary>True when <paramref name="profile"/> is one of the profiles in <see cref="ServerPreference"/>.</summary>
    public static bool IsSupported(ushort profile) => profile is Aes128CmHmacSha1_80 or AeadAes128Gcm;
}
