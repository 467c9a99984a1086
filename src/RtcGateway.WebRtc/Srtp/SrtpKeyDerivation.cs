namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// SRTP key derivation with the AES-CM PRF and key derivation rate 0 (RFC 3711 §4.3.1, §4.3.3):
/// x = (label · 2^48) XOR master_salt, session key = AES-CM keystream of IV = x · 2^16 under the master key.
/// A 96-bit GCM master salt is padded with 16 zero bits on the right to 112 bits, as libsrtp (and
/// therefore browsers) do (RFC 7714 §11).
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>RFC 3711 §4.3.2 labels.</summary>
    public const byte SrtpEncryption = 0x00, SrtpAuthentication = 0x01, SrtpSalt = 0x02,
        SrtcpEncryption = 0x03, SrtcpAuthentication = 0x04, SrtcpSalt = 0x05;

    /// <summary>Derives <paramref name="output"/>.Length bytes for <paramref name="label"/>.</summary>
    public static void Derive(AesCounterMode masterCipher, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv); // 14-byte salt fills bytes 0..13; a 12-byte salt leaves 12..13 zero.
        iv[7] ^= label;        // key_id = label || r (r = 0 for kdr = 0), right-aligned on the 112-bit salt.
        masterCipher.Keystream(iv, output);
    }
}
