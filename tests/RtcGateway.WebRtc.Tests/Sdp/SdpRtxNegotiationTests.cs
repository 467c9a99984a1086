using System.Text.RegularExpressions;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.WebRtc.Tests.Sdp;

/// <summary>RTX (RFC 4588 §8.6) in the answer: the offer's rtx payload type for the chosen H.264 one, with an
/// <c>a=ssrc-group:FID</c> (RFC 5576 §4.2) — and no change at all for offers (or gateways) without RTX.</summary>
public class SdpRtxNegotiationTests
{
    private const uint RtxSsrc = 0x9ABC_DEF0; // 2596069104

    [Fact]
    public void Chromium_offer_answers_rtx_for_the_chosen_payload_type_with_an_fid_group()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters("42e01f", rtxSsrc: RtxSsrc));
        var lines = SdpTestData.Lines(result.AnswerSdp);
        Assert.Equal("m=video 50000 UDP/TLS/RTP/SAVPF 108 109", lines[6]);
        int fmtp = Array.IndexOf(lines, "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        Assert.True(fmtp > 0);
        string[] expectedTail =
        [
            "a=rtpmap:109 rtx/90000",
            "a=fmtp:109 apt=108",
            "a=ssrc-group:FID 305419896 2596069104",
            "a=ssrc:305419896 cname:gatewaycname0001",
            "a=ssrc:305419896 msid:cam0 video0",
            "a=ssrc:2596069104 cname:gatewaycname0001",
            "a=ssrc:2596069104 msid:cam0 video0",
            "m=application 0 UDP/DTLS/SCTP webrtc-datachannel",
        ];
        Assert.Equal(expectedTail, lines[(fmtp + 1)..(fmtp + 1 + expectedTail.Length)]);
        Assert.Equal(108, result.PayloadType);
        Assert.Equal((byte)109, result.RtxPayloadType);
        Assert.Equal(RtxSsrc, result.RtxSsrc);
        Assert.Null(result.RtxTimeMs);

        // The answer parses back: two formats, the rtx rtpmap and both SSRCs with the same cname.
        var video = SdpTestData.Parse(result.AnswerSdp).Media[0];
        Assert.Equal(["108", "109"], video.Formats);
        Assert.Equal("rtx", video.FindRtpMap(109)!.EncodingName);
        Assert.Equal("108", video.FindFmtp("109")!.Parameters["apt"]);
        Assert.Equal([305419896u, RtxSsrc], video.Ssrcs.Where(a => a.Attribute == "cname").Select(a => a.Ssrc));
    }

    [Theory]
    [InlineData("42e01f", 108, 109)]
    [InlineData("42001f", 102, 103)]
    [InlineData("4d001f", 116, 117)]
    public void Chromium_apt_follows_the_chosen_h264_payload_type(string source, int h264, int rtx)
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters(source, rtxSsrc: RtxSsrc));
        Assert.Equal(h264, result.PayloadType);
        Assert.Equal((byte?)rtx, result.RtxPayloadType);
        Assert.Contains($"a=fmtp:{rtx} apt={h264}", SdpTestData.Lines(result.AnswerSdp));
    }

    [Theory]
    [InlineData(SdpTestData.Firefox, "42e01f", 126, 127)]
    [InlineData(SdpTestData.Safari, "42e01f", 98, 99)]
    [InlineData(SdpTestData.Safari, "640c1f", 96, 97)]
    public void Firefox_and_safari_fixtures_also_offer_rtx_for_h264_and_get_it(string fixture, string source, int h264, int rtx)
    {
        // Both fixtures carry "a=rtpmap:<n> rtx/90000" + "a=fmtp:<n> apt=<h264>" for the H.264 payload types.
        var result = SdpTestData.Negotiate(SdpTestData.Load(fixture), SdpTestData.Parameters(source, rtxSsrc: RtxSsrc));
        Assert.Equal(h264, result.PayloadType);
        Assert.Equal((byte?)rtx, result.RtxPayloadType);
        var lines = SdpTestData.Lines(result.AnswerSdp);
        Assert.Equal($"m=video 50000 UDP/TLS/RTP/SAVPF {h264} {rtx}", lines[6]);
        Assert.Contains($"a=ssrc-group:FID 305419896 {RtxSsrc}", lines);
    }

    [Theory]
    [InlineData(SdpTestData.Chromium, "42e01f")]
    [InlineData(SdpTestData.ChromiumAbsCaptureTime, "42001f")]
    [InlineData(SdpTestData.Firefox, "42e01f")]
    [InlineData(SdpTestData.Safari, "42e01f")]
    [InlineData(SdpTestData.Safari, "640c1f")]
    public void Offer_without_rtx_keeps_todays_answer(string fixture, string source)
    {
        string offer = SdpTestData.Load(fixture);
        string withoutRtx = StripRtx(offer);
        Assert.DoesNotContain("rtx/90000", withoutRtx);
        Assert.DoesNotContain("apt=", withoutRtx);

        string today = SdpTestData.Negotiate(offer, SdpTestData.Parameters(source, acceptDataChannel: true)).AnswerSdp;
        var result = SdpTestData.Negotiate(withoutRtx, SdpTestData.Parameters(source, acceptDataChannel: true, rtxSsrc: RtxSsrc));
        Assert.Equal(today, result.AnswerSdp);
        Assert.Null(result.RtxPayloadType);
        Assert.Null(result.RtxSsrc);
        Assert.DoesNotContain("ssrc-group", today);
    }

    [Fact]
    public void Gateway_without_an_rtx_ssrc_never_answers_rtx()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters());
        Assert.Null(result.RtxPayloadType);
        Assert.DoesNotContain("rtx", result.AnswerSdp);
        Assert.DoesNotContain("ssrc-group", result.AnswerSdp);
    }

    [Theory]
    [InlineData("apt=108;rtx-time=3000", "apt=108;rtx-time=1000", 1000)] // capped at the 1 s history
    [InlineData("apt=108;rtx-time=200", "apt=108;rtx-time=200", 200)]
    [InlineData("rtx-time=500;apt=108", "apt=108;rtx-time=500", 500)]
    [InlineData("apt=108;rtx-time=soon", "apt=108", null)]
    [InlineData("apt=108;rtx-time=-5", "apt=108", null)]
    public void Rtx_time_is_answered_when_offered(string offered, string answered, int? ms)
    {
        string offer = SdpTestData.Load(SdpTestData.Chromium).Replace("a=fmtp:109 apt=108", "a=fmtp:109 " + offered);
        var result = SdpTestData.Negotiate(offer, SdpTestData.Parameters(rtxSsrc: RtxSsrc));
        Assert.Contains("a=fmtp:109 " + answered, SdpTestData.Lines(result.AnswerSdp));
        Assert.Equal(ms, result.RtxTimeMs);
    }

    [Theory]
    [InlineData("a=fmtp:109 apt=108", "a=fmtp:109 apt=102")] // rtx for another H.264 payload type only
    [InlineData("a=fmtp:109 apt=108", "a=fmtp:109 apt=x")]
    [InlineData("a=fmtp:109 apt=108", "a=fmtp:109 rtx-time=100")]
    [InlineData("a=fmtp:109 apt=108", "")] // no fmtp: no association
    [InlineData("a=rtpmap:109 rtx/90000", "a=rtpmap:109 rtx/48000")] // clock rate differs from the original's
    [InlineData(" 108 109 ", " 108 ")] // rtpmap present but the payload type is not in the m-line
    public void Rtx_not_associated_with_the_chosen_payload_type_is_not_answered(string from, string to)
    {
        string offer = SdpTestData.Load(SdpTestData.Chromium);
        Assert.Contains(from, offer);
        var result = SdpTestData.Negotiate(offer.Replace(from, to), SdpTestData.Parameters(rtxSsrc: RtxSsrc));
        Assert.Equal(108, result.PayloadType);
        Assert.Null(result.RtxPayloadType);
        Assert.Equal("m=video 50000 UDP/TLS/RTP/SAVPF 108", SdpTestData.Lines(result.AnswerSdp)[6]);
        Assert.DoesNotContain("ssrc-group", result.AnswerSdp);
    }

    [Fact]
    public void Rtx_ssrc_equal_to_the_video_ssrc_is_invalid()
    {
        var p = SdpTestData.Parameters(rtxSsrc: 305419896);
        var error = SdpTestData.NegotiateError(SdpTestData.Load(SdpTestData.Chromium), p);
        Assert.Equal(SdpErrorKind.InvalidAnswerParameters, error.Kind);
        Assert.Contains("RtxSsrc", error.Message, StringComparison.Ordinal);
    }

    // Removes every rtx payload type: from the m-line, its rtpmap, fmtp and rtcp-fb lines.
    private static string StripRtx(string sdp)
    {
        var rtx = Regex.Matches(sdp, @"a=rtpmap:(\d+) rtx/").Select(m => m.Groups[1].Value).ToHashSet();
        var lines = sdp.Split("\r\n").Where(l => !rtx.Any(pt =>
            l.StartsWith($"a=rtpmap:{pt} ", StringComparison.Ordinal) || l.StartsWith($"a=fmtp:{pt} ", StringComparison.Ordinal)
            || l.StartsWith($"a=rtcp-fb:{pt} ", StringComparison.Ordinal)));
        return string.Join("\r\n", lines.Select(l => l.StartsWith("m=video ", StringComparison.Ordinal)
            ? string.Join(' ', l.Split(' ').Where((token, i) => i < 3 || !rtx.Contains(token)))
            : l));
    }
}
