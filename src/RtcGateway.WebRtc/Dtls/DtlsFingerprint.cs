using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Certificate fingerprints as used by SDP <c>a=fingerprint</c> (RFC 8122 §5): a hash over the DER encoding of the
/// certificate, written as upper-case hex byte pairs separated by colons (Firefox rejects lower case).
/// Only sha-256 is produced and accepted here.
/// </summary>
public static class DtlsFingerprint
{
    /// <summary>The SDP hash function token for SHA-256 (RFC 8122 §5, IANA "Hash Function Textual Names").</summary>
    public const string Sha256HashFunction = "sha-256";

    /// <summary>SHA-256 length in bytes (32).</summary>
    public const int Sha256Length = 32;

    /// <summary>SHA-256 (32 bytes) over the DER-encoded certificate <paramref name="certificateDer"/>.</summary>
    public static byte[] ComputeSha256(ReadOnlySpan<byte> certificateDer) => SHA256.HashData(certificateDer);

    /// <summary>
    /// Formats <paramref name="fingerprint"/> as upper-case hex pairs joined by ':' ("AB:01:…", 95 characters for
    /// SHA-256). An empty input gives an empty string.
    /// </summary>
    public static string FormatHex(ReadOnlySpan<byte> fingerprint)
    {
        if (fingerprint.IsEmpty)
        {
            return string.Empty;
        }

        return string.Create((fingerprint.Length * 3) - 1, fingerprint.ToArray(), static (chars, bytes) =>
        {
            const string Hex = "0123456789ABCDEF";
            for (int i = 0; i < bytes.Length; i++)
            {
                int at = i * 3;
                chars[at] = Hex[bytes[i] >> 4];
                chars[at + 1] = Hex[bytes[i] & 0xF];
                if (i + 1 < bytes.Length)
                {
                    chars[at + 2] = ':';
                }
            }
        });
    }

    /// <summary>
    /// Parses the value of an SDP <c>a=fingerprint</c> attribute ("sha-256 AB:01:…", RFC 8122 §5; the hash token is
    /// case-insensitive, hex digits of either case). Returns false (never throws) when the text is malformed, the hash
    /// function is not sha-256, or the fingerprint is not exactly 32 bytes.
    /// </summary>
    /// <param name="value">Attribute value without the "a=fingerprint:" prefix.</param>
    /// <param name="fingerprint">The 32 fingerprint bytes on success; empty otherwise.</param>
    public static bool TryParseSdp(ReadOnlySpan<char> value, out byte[] fingerprint)
    {
        fingerprint = [];
        value = value.Trim();
        int space = value.IndexOf(' ');
        if (space <= 0 || !value[..space].Equals(Sha256HashFunction, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return TryParseHex(value[(space + 1)..].Trim(), out fingerprint);
    }

    /// <summary>
    /// Parses colon-separated hex pairs ("AB:01:…") of exactly 32 bytes. Returns false (never throws) when malformed.
    /// </summary>
    /// <param name="hex">The hex part of a fingerprint.</param>
    /// <param name="fingerprint">The 32 bytes on success; empty otherwise.</param>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out byte[] fingerprint)
    {
        fingerprint = [];
        if (hex.Length != (Sha256Length * 3) - 1)
        {
            return false;
        }

        var bytes = new byte[Sha256Length];
        for (int i = 0; i < Sha256Length; i++)
        {
            int at = i * 3;
            int high = HexValue(hex[at]);
            int low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0 || (i + 1 < Sha256Length && hex[at + 2] != ':'))
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        fingerprint = bytes;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
