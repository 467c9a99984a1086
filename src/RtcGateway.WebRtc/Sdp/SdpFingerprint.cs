namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;</c> (RFC 8122 §5): the hash of the peer's DTLS certificate.
/// The wire form is colon-separated hex pairs; the parser accepts either case, and <see cref="ToSdpValue"/> writes upper-case
/// (Firefox rejects lower case).
/// </summary>
/// <param name="Algorithm">Hash function name, lower-cased ("sha-256").</param>
/// <param name="Value">Digest bytes (1–64 bytes).</param>
public sealed record SdpFingerprint(string Algorithm, ReadOnlyMemory<byte> Value)
{
    /// <summary>Digest length in bytes for the hash functions the gateway accepts (sha-256 → 32, sha-384 → 48, sha-512 → 64);
    /// 0 for any other name.</summary>
    /// <param name="algorithm">Lower-case hash function name.</param>
    /// <returns>Digest length in bytes, or 0 when unsupported.</returns>
    public static int SupportedDigestLength(string algorithm) => algorithm switch
    {
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    /// <summary>Formats a digest as RFC 8122 §5 upper-case colon hex ("AB:01:…"). Returns "" for an empty digest.</summary>
    /// <param name="digest">Digest bytes.</param>
    /// <returns>Upper-case hex pairs joined by ':'.</returns>
    public static string FormatHex(ReadOnlySpan<byte> digest)
    {
        if (digest.IsEmpty)
        {
            return string.Empty;
        }

        var chars = new char[digest.Length * 3 - 1];
        const string Hex = "0123456789ABCDEF";
        for (var i = 0; i < digest.Length; i++)
        {
            if (i > 0)
            {
                chars[i * 3 - 1] = ':';
            }

            chars[i * 3] = Hex[digest[i] >> 4];
            chars[i * 3 + 1] = Hex[digest[i] & 0xF];
        }

        return new string(chars);
    }

    /// <summary>The attribute value: "&lt;algorithm&gt; &lt;UPPER:HEX&gt;".</summary>
    /// <returns>Value text for <c>a=fingerprint:</c>.</returns>
    public string ToSdpValue() => $"{Algorithm} {FormatHex(Value.Span)}";

    /// <summary>Parses the attribute value "sha-256 AB:CD:…" (hex either case). Never throws.</summary>
    /// <param name="value">Text after <c>a=fingerprint:</c>.</param>
    /// <param name="fingerprint">The parsed fingerprint, or null.</param>
    /// <returns>False when the form is not "token SP 2HEX *(':' 2HEX)" or the digest exceeds 64 bytes.</returns>
    public static bool TryParse(string value, out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        var space = value.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        var alg = value[..space].ToLowerInvariant();
        var hex = value.AsSpan(space + 1).Trim();
        if (hex.Length < 2 || (hex.Length + 1) % 3 != 0)
        {
            return false;
        }

        var count = (hex.Length + 1) / 3;
        if (count > 64)
        {
            return false;
        }

        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var hi = HexValue(hex[i * 3]);
            var lo = HexValue(hex[i * 3 + 1]);
            if (hi < 0 || lo < 0 || (i < count - 1 && hex[i * 3 + 2] != ':'))
            {
                return false;
            }

            bytes[i] = (byte)(hi << 4 | lo);
        }

        fingerprint = new SdpFingerprint(alg, bytes);
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
