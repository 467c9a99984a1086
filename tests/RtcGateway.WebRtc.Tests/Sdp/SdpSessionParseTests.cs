using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.WebRtc.Tests.Sdp;

public class SdpSessionParseTests
{
    private const string Minimal = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Fact]
    public void Parses_real_chromium_offer()
    {
        var s = SdpTestData.Parse(SdpTestData.Load(SdpTestData.Chromium));
        Assert.Equal("-", s.Origin.Username);
        Assert.Equal("9111547504277773997", s.Origin.SessionId);
        Assert.Equal("2", s.Origin.SessionVersion);
        Assert.Equal("127.0.0.1", s.Origin.UnicastAddress);
        Assert.Equal("-", s.SessionName);
        var bundle = Assert.Single(s.Groups);
        Assert.Equal("BUNDLE", bundle.Semantics);
        Assert.Equal(["0", "1"], bundle.Mids);
        Assert.True(s.ExtmapAllowMixed);
        Assert.False(s.IceLite);
        Assert.Equal(2, s.Media.Count);

        var video = s.Media[0];
        Assert.Equal("video", video.Media);
        Assert.Equal(9, video.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", video.Protocol);
        Assert.Equal(34, video.Formats.Count);
        Assert.Equal(new SdpConnection("IN", "IP4", "0.0.0.0"), video.Connection);
        Assert.Equal("0", video.Mid);
        Assert.Equal("JId4", video.IceUfrag);
        Assert.Equal("lFwS31k8WWIy0gMi24ig+RNs", video.IcePwd);
        Assert.Equal(["trickle"], video.IceOptions);
        var fp = Assert.Single(video.Fingerprints);
        Assert.Equal("sha-256", fp.Algorithm);
        Assert.Equal(32, fp.Value.Length);
        Assert.Equal(0x1D, fp.Value.Span[0]);
        Assert.Equal(0x12, fp.Value.Span[31]);
        Assert.Equal(SdpSetupRole.ActPass, video.Setup);
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.True(video.RtcpMux);
        Assert.True(video.RtcpRsize);
        Assert.Equal(11, video.ExtMaps.Count);
        Assert.Equal(new SdpExtMap(9, null, "urn:ietf:params:rtp-hdrext:sdes:mid", null), video.ExtMaps[8]);
        Assert.Equal(new SdpRtpMap(108, "H264", 90000, null), video.FindRtpMap(108));
        var fmtp = video.FindFmtp("108")!;
        Assert.Equal("42e01f", fmtp.Parameters["profile-level-id"]);
        Assert.Equal("1", fmtp.Parameters["PACKETIZATION-MODE"]);
        Assert.Contains(new SdpRtcpFeedback(108, "nack", "pli"), video.RtcpFeedback);
        Assert.Contains(new SdpRtcpFeedback(108, "ccm", "fir"), video.RtcpFeedback);
        Assert.Empty(video.Candidates);
        Assert.Contains(video.Attributes, a => a.Name == "rtcp-xr" && a.Value == "rcvr-rtt=all");

        var data = s.Media[1];
        Assert.Equal("application", data.Media);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal("1", data.Mid);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.Null(data.Direction);
    }

    [Fact]
    public void Parses_firefox_session_level_fingerprint_and_extmap_direction()
    {
        var s = SdpTestData.Parse(SdpTestData.Load(SdpTestData.Firefox));
        Assert.Equal("mozilla...THIS_IS_SDPARTA-128.0", s.Origin.Username);
        Assert.Equal(SdpDirection.SendRecv, s.Direction);
        var fp = Assert.Single(s.Fingerprints);
        Assert.Equal(0x5B, fp.Value.Span[0]);
        Assert.Equal(["trickle"], s.IceOptions);
        var video = s.Media[0];
        Assert.Empty(video.Fingerprints);
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Contains(new SdpExtMap(6, SdpDirection.RecvOnly, RtpHeaderExtensionUris.PlayoutDelay, null), video.ExtMaps);
        Assert.Equal(1073741823, s.Media[1].MaxMessageSize);
        Assert.Equal("{7d0a1c2e-3b4f-4e6a-9c8d-1f2e3a4b5c6d}", Assert.Single(video.Ssrcs).Value);
    }

    [Fact]
    public void Parses_safari_mdns_candidate_and_slash_in_ufrag()
    {
        var s = SdpTestData.Parse(SdpTestData.Load(SdpTestData.Safari));
        var video = s.Media[0];
        Assert.Equal("/ewK", video.IceUfrag);
        var c = Assert.Single(video.Candidates);
        Assert.Equal("842163049", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal("udp", c.Transport);
        Assert.Equal(1677729535u, c.Priority);
        Assert.Equal("0e1c6a5f-3b2d-4c8e-9f01-23456789abcd.local", c.Address);
        Assert.Equal(52461, c.Port);
        Assert.Equal("host", c.Type);
    }

    [Fact]
    public void Parses_candidate_with_related_address()
    {
        var s = SdpTestData.Parse(Minimal + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
            + "a=candidate:1907461702 1 udp 1677729535 94.224.67.92 23293 typ srflx raddr 192.168.1.10 rport 52008 generation 0\r\n"
            + "a=end-of-candidates\r\n");
        var c = Assert.Single(s.Media[0].Candidates);
        Assert.Equal("srflx", c.Type);
        Assert.Equal("192.168.1.10", c.RelatedAddress);
        Assert.Equal(52008, c.RelatedPort);
        Assert.True(s.Media[0].EndOfCandidates);
    }

    [Fact]
    public void Tolerates_lf_only_trailing_blank_lines_trailing_spaces_and_unknown_lines()
    {
        var crlf = SdpTestData.Load(SdpTestData.Chromium);
        var lf = crlf.Replace("\r\n", "\n").Replace("a=rtcp-mux\n", "a=rtcp-mux  \n") + "\n\n";
        lf = lf.Replace("s=-\n", "s=-\ni=info\nu=http://example.com\nb=AS:1000\nx=unknown type\n");
        var a = SdpTestData.Parse(crlf);
        var b = SdpTestData.Parse(lf);
        Assert.Equal(a.Media.Count, b.Media.Count);
        Assert.Equal(a.Media[0].Attributes, b.Media[0].Attributes);
        Assert.True(b.Media[0].RtcpMux);
    }

    [Fact]
    public void Keeps_unknown_attributes_in_order()
    {
        var s = SdpTestData.Parse(Minimal + "a=x-foo:bar\r\na=x-flag\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=x-baz:1:2\r\n");
        Assert.Equal([new SdpAttribute("x-foo", "bar"), new SdpAttribute("x-flag", null)], s.Attributes);
        Assert.Equal(new SdpAttribute("x-baz", "1:2"), Assert.Single(s.Media[0].Attributes));
    }

    [Fact]
    public void Fingerprint_round_trips_in_upper_case()
    {
        Assert.True(SdpFingerprint.TryParse("SHA-256 ab:cd:0f", out var fp));
        Assert.Equal("sha-256", fp!.Algorithm);
        Assert.Equal("sha-256 AB:CD:0F", fp.ToSdpValue());
        Assert.Equal(string.Empty, SdpFingerprint.FormatHex([]));
    }

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("sha-256 A")]
    [InlineData("sha-256 AB:")]
    [InlineData("sha-256 AB:C")]
    [InlineData("sha-256 AB-CD")]
    [InlineData("sha-256 GG")]
    [InlineData(" AB:CD")]
    public void Fingerprint_rejects_bad_values(string value)
        => Assert.False(SdpFingerprint.TryParse(value, out _));

    [Fact]
    public void Port_count_and_bundle_only_are_parsed()
    {
        var s = SdpTestData.Parse(Minimal + "m=video 0/2 UDP/TLS/RTP/SAVPF 96 97\r\na=bundle-only\r\n");
        Assert.Equal(0, s.Media[0].Port);
        Assert.Equal(2, s.Media[0].PortCount);
        Assert.True(s.Media[0].BundleOnly);
    }

    public static TheoryData<string, string> MalformedInputs() => new()
    {
        { "", "empty" },
        { "\r\n\r\n", "empty" },
        { "o=- 1 2 IN IP4 0.0.0.0\r\n", "first line" },
        { "v=1\r\no=- 1 2 IN IP4 0.0.0.0\r\n", "first line" },
        { "v=0\r\n", "no 'o='" },
        { "v=0\r\ns=-\r\n", "no 'o='" },
        { "v=0\r\no=- 1 2 IN IP4\r\n", "line 2" },
        { "v=0\r\no=- x 2 IN IP4 0.0.0.0\r\n", "line 2" },
        { Minimal + "o=- 1 2 IN IP4 127.0.0.1\r\n", "line 5" },
        { Minimal + "v=0\r\n", "repeats" },
        { Minimal + "bogus\r\n", "line 5" },
        { Minimal + "A=foo\r\n", "line 5" },
        { Minimal + "a\r\n", "line 5" },
        { Minimal + "c=IN IP4\r\n", "c=" },
        { Minimal + "m=video 9 UDP/TLS/RTP/SAVPF\r\n", "m=" },
        { Minimal + "m=video 70000 UDP/TLS/RTP/SAVPF 96\r\n", "m=" },
        { Minimal + "m=video -1 UDP/TLS/RTP/SAVPF 96\r\n", "m=" },
        { Minimal + "m=video 9/0 UDP/TLS/RTP/SAVPF 96\r\n", "m=" },
        { Minimal + "m=vi:deo 9 UDP/TLS/RTP/SAVPF 96\r\n", "m=" },
        { Minimal + "m=video 99999999999999999999 UDP/TLS/RTP/SAVPF 96\r\n", "m=" },
        { Minimal + "a=:x\r\n", "no name" },
        { Minimal + "a=fingerprint:sha-256 XYZ\r\n", "a=fingerprint" },
        { Minimal + "a=setup:server\r\n", "a=setup" },
        { Minimal + "a=mid:a b\r\n", "a=mid" },
        { Minimal + "a=ice-ufrag:\r\n", "a=ice-ufrag" },
        { Minimal + "a=ice-pwd:a b\r\n", "a=ice-pwd" },
        { Minimal + "a=rtpmap:128 H264/90000\r\n", "a=rtpmap" },
        { Minimal + "a=rtpmap:96 H264\r\n", "a=rtpmap" },
        { Minimal + "a=rtpmap:96 H264/abc\r\n", "a=rtpmap" },
        { Minimal + "a=rtpmap:96 /90000\r\n", "a=rtpmap" },
        { Minimal + "a=fmtp:96\r\n", "a=fmtp" },
        { Minimal + "a=rtcp-fb:96\r\n", "a=rtcp-fb" },
        { Minimal + "a=rtcp-fb:x nack\r\n", "a=rtcp-fb" },
        { Minimal + "a=extmap:0 urn:x\r\n", "a=extmap" },
        { Minimal + "a=extmap:99999999999 urn:x\r\n", "a=extmap" },
        { Minimal + "a=extmap:1/sideways urn:x\r\n", "a=extmap" },
        { Minimal + "a=extmap:1\r\n", "a=extmap" },
        { Minimal + "a=candidate:1 1 udp 1 1.2.3.4 5 host\r\n", "a=candidate" },
        { Minimal + "a=candidate:1 1 udp 4294967296 1.2.3.4 5 typ host\r\n", "a=candidate" },
        { Minimal + "a=candidate:1 0 udp 1 1.2.3.4 5 typ host\r\n", "a=candidate" },
        { Minimal + "a=candidate:1 1 udp 1 1.2.3.4 5 typ srflx rport x\r\n", "rport" },
        { Minimal + "a=msid:\r\n", "a=msid" },
        { Minimal + "a=msid:a b c\r\n", "a=msid" },
        { Minimal + "a=ssrc:x cname:y\r\n", "a=ssrc" },
        { Minimal + "a=ssrc:1 \r\n", "a=ssrc" },
        { Minimal + "a=sctp-port:65536\r\n", "a=sctp-port" },
        { Minimal + "a=max-message-size:-1\r\n", "a=max-message-size" },
        { Minimal + "a=max-message-size:99999999999999999999999\r\n", "a=max-message-size" },
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Malformed_inputs_are_rejected_with_a_precise_message(string text, string expectedFragment)
    {
        Assert.False(SdpSession.TryParse(text, out var session, out var error));
        Assert.Null(session);
        Assert.Equal(SdpErrorKind.Malformed, error.Kind);
        Assert.Equal(400, error.HttpStatusCode);
        Assert.Contains(expectedFragment, error.Message);
    }

    [Fact]
    public void Null_is_malformed()
    {
        Assert.False(SdpSession.TryParse(null, out _, out var error));
        Assert.Equal(SdpErrorKind.Malformed, error.Kind);
    }

    [Fact]
    public void Oversize_text_is_too_large()
    {
        var text = Minimal + "a=x-pad:" + new string('x', SdpSession.MaxLength) + "\r\n";
        Assert.False(SdpSession.TryParse(text, out _, out var error));
        Assert.Equal(SdpErrorKind.TooLarge, error.Kind);
        Assert.Equal(413, error.HttpStatusCode);
    }

    [Fact]
    public void Too_many_lines_is_too_large()
    {
        var text = Minimal + string.Concat(Enumerable.Repeat("a=x\n", SdpSession.MaxLines));
        Assert.True(text.Length < SdpSession.MaxLength);
        Assert.False(SdpSession.TryParse(text, out _, out var error));
        Assert.Equal(SdpErrorKind.TooLarge, error.Kind);
        Assert.Contains("lines", error.Message);
    }

    [Fact]
    public void Text_at_the_limits_parses()
    {
        var lines = SdpSession.MaxLines - 5;
        var text = Minimal + string.Concat(Enumerable.Repeat("a=x\n", lines));
        Assert.True(SdpSession.TryParse(text, out var session, out _));
        Assert.Equal(lines, session!.Attributes.Count);
    }

    [Fact]
    public void Malformed_error_message_truncates_long_lines()
    {
        var text = Minimal + "zz" + new string('q', 5000) + "\r\n";
        Assert.False(SdpSession.TryParse(text, out _, out var error));
        Assert.True(error.Message.Length < 200, error.Message);
    }
}
