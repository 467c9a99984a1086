namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// Picks the offer's H.264 payload type for our source (RFC 6184 §8.2.2 offer/answer): among <c>H264/90000</c> payload
/// types with <c>packetization-mode=1</c> whose <c>profile-level-id</c> (default 42000a) can decode the source per
/// <see cref="H264ProfileLevelId.IsDecodableBy"/>, prefer an exact profile match, then an offered level ≥ the source level,
/// then the offer's order.
/// </summary>
internal static class H264PayloadSelector
{
    internal sealed record Candidate(int PayloadType, H264ProfileLevelId Profile, bool LevelAsymmetryAllowed, int Order);

    public static bool TrySelect(SdpMediaDescription video, H264ProfileLevelId source, out Candidate? chosen, out SdpError error)
    {
        chosen = null;
        var h264 = new List<Candidate>();
        var modeZero = new List<int>();
        var others = new List<string>();
        for (var order = 0; order < video.Formats.Count; order++)
        {
            if (!SdpAttributeAccumulator.TryParseInt(video.Formats[order], 0, 127, out var pt))
            {
                continue;
            }

            var map = video.FindRtpMap(pt);
            if (map is null)
            {
                continue;
            }

            if (!string.Equals(map.EncodingName, "H264", StringComparison.OrdinalIgnoreCase) || map.ClockRate != 90000)
            {
                if (map.EncodingName is not ("rtx" or "red" or "ulpfec" or "flexfec-03") && !others.Contains(map.EncodingName))
                {
                    others.Add(map.EncodingName);
                }

                continue;
            }

            var parameters = video.FindFmtp(video.Formats[order])?.Parameters;
            var mode = parameters?.GetValueOrDefault("packetization-mode") ?? "0";
            if (mode != "1")
            {
                modeZero.Add(pt);
                continue;
            }

            var plid = parameters?.GetValueOrDefault("profile-level-id");
            H264ProfileLevelId? profile;
            if (plid is null)
            {
                profile = H264ProfileLevelId.Default;
            }
            else if (!H264ProfileLevelId.TryParse(plid, out profile))
            {
                continue;
            }

            var asymmetry = parameters?.GetValueOrDefault("level-asymmetry-allowed") == "1";
            h264.Add(new Candidate(pt, profile!, asymmetry, order));
        }

        if (h264.Count == 0)
        {
            var found = others.Count == 0 ? "no other codec either" : "found " + string.Join(", ", others.Take(8).Select(SdpNegotiator.Excerpt));
            var zero = modeZero.Count == 0 ? string.Empty : $"; H.264 PT {string.Join(", ", modeZero)} use packetization-mode=0";
            error = new SdpError(SdpErrorKind.NoH264,
                $"offer has no H.264 payload type with packetization-mode=1 ({found}{zero})");
            return false;
        }

        foreach (var c in h264)
        {
            if (!source.IsDecodableBy(c.Profile, c.LevelAsymmetryAllowed))
            {
                continue;
            }

            if (chosen is null || Rank(c, source).CompareTo(Rank(chosen, source)) < 0)
            {
                chosen = c;
            }
        }

        if (chosen is null)
        {
            var offered = string.Join(", ", h264.Select(c => $"{c.Profile} ({c.Profile.Profile}, {c.Profile.Level})").Distinct().Take(12));
            error = new SdpError(SdpErrorKind.NoCompatibleH264Profile,
                $"source H.264 profile-level-id {source} ({source.Profile}, {source.Level}) cannot be decoded with any offered packetization-mode=1 profile: {offered}");
            return false;
        }

        error = SdpError.None;
        return true;
    }

    private static (int Exact, int Level, int Order) Rank(Candidate c, H264ProfileLevelId source)
        => (c.Profile.Profile == source.Profile ? 0 : 1, c.Profile.Level >= source.Level ? 0 : 1, c.Order);
}
