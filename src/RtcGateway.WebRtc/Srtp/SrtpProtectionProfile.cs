namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// DTLS-SRTP protection profiles this stack implements. The numeric values are the two-octet
/// <c>SRTPProtectionProfile</c> codes carried in the DTLS <c>use_srtp</c> extension
/// (RFC 5764 §4.1.2; RFC 7714 §14.2 for the AEAD profile).
/// </summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>
    /// <c>SRTP_AES128_CM_HMAC_SHA1_80</c> = {0x00, 0x01}: AES-128 counter mode (RFC 3711 §4.1.1),
    /// HMAC-SHA1 authentication truncated to 80 bits (RFC 3711 §4.2.1); 16-byte master key, 14-byte master salt.
    /// </summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>
    /// <c>SRTP_AEAD_AES_128_GCM</c> = {0x00, 0x07}: AES-128-GCM with a 16-byte tag (RFC 7714 §§8–9, §14.2);
    /// 16-byte master key, 12-byte master salt.
    /// </summary>
    AeadAes128Gcm = 0x0007,
}
