namespace RtcGateway.WebRtc.Sdp;

/// <summary>Checks <see cref="AnswerParameters"/> against the grammars they are written into.</summary>
internal static class AnswerParametersValidator
{
    /// <summary>Returns null when valid, else a description.</summary>
    public static string? Validate(AnswerParameters p)
    {
        if (!IsIceChars(p.IceUfrag, 4, 256))
        {
            return "IceUfrag must be 4-256 ice-chars (RFC 8839 §5.4)";
        }

        if (!IsIceChars(p.IcePwd, 22, 256))
        {
            return "IcePwd must be 22-256 ice-chars (RFC 8839 §5.4)";
        }

        var length = SdpFingerprint.SupportedDigestLength(p.FingerprintAlgorithm ?? string.Empty);
        if (length == 0 || p.Fingerprint.Length != length)
        {
            return $"Fingerprint must be a sha-256/384/512 digest of 32/48/64 bytes (got '{p.FingerprintAlgorithm}', {p.Fingerprint.Length} bytes)";
        }

        if (p.Candidates is null || p.Candidates.Count == 0)
        {
            return "at least one host candidate is required";
        }

        foreach (var c in p.Candidates)
        {
            if (c?.EndPoint is null || c.EndPoint.Port == 0 || !IsIceChars(c.Foundation, 1, 32))
            {
                return "each candidate needs an endpoint with a non-zero port and a 1-32 ice-char foundation";
            }
        }

        if (p.RtxSsrc == p.VideoSsrc)
        {
            return "RtxSsrc must differ from VideoSsrc (RFC 4588 §5: the retransmission stream has its own SSRC)";
        }

        if (string.IsNullOrEmpty(p.Cname) || p.Cname.Length > 255 || p.Cname.Any(ch => ch is <= ' ' or >= (char)0x7F))
        {
            return "Cname must be 1-255 visible ASCII characters";
        }

        if (!IsMsidId(p.MsidStreamId) || !IsMsidId(p.MsidTrackId))
        {
            return "MsidStreamId and MsidTrackId must be 1-64 token characters (RFC 8830 §2)";
        }

        if (p.SourceProfile is null)
        {
            return "SourceProfile is required";
        }

        if (p.SctpPort is < 1 or > 65535 || p.MaxMessageSize < 0)
        {
            return "SctpPort must be 1-65535 and MaxMessageSize >= 0";
        }

        return null;
    }

    // RFC 8839 §5.4 / RFC 8445 §15.1: ice-char = ALPHA / DIGIT / "+" / "/"
    public static bool IsIceChars(string? text, int min, int max)
    {
        if (text is null || text.Length < min || text.Length > max)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMsidId(string? text) => text is { Length: >= 1 and <= 64 } && SdpAttributeAccumulator.IsToken(text);
}
