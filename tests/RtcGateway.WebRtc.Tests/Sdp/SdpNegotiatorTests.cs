using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.WebRtc.Tests.Sdp;

public class SdpNegotiatorTests
{
    private static string Fp => SdpTestData.OurFingerprintHex;

    private static string[] TransportLines(string mid, bool candidates) =>
    [
        "c=IN IP4 192.168.1.20",
        "a=ice-ufrag:GwUf",
        "a=ice-pwd:abcdefghijklmnopqrstuv",
        "a=fingerprint:sha-256 " + Fp,
        "a=setup:passive",
        "a=mid:" + mid,
        .. candidates
            ? new[]
            {
                "a=candidate:1 1 udp 2130706431 192.168.1.20 50000 typ host",
                "a=candidate:2 1 udp 2130706175 fd00::20 50000 typ host",
                "a=end-of-candidates",
            }
            : [],
    ];

    [Fact]
    public void Chromium_offer_constrained_baseline_source_answer_line_by_line()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters("42e01f"));
        string[] expected =
        [
            "v=0",
            "o=- 1234567890123456789 2 IN IP4 0.0.0.0",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=ice-lite",
            "m=video 50000 UDP/TLS/RTP/SAVPF 108",
            .. TransportLines("0", candidates: true),
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
            "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=sendonly",
            "a=msid:cam0 video0",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:108 H264/90000",
            "a=rtcp-fb:108 nack",
            "a=rtcp-fb:108 nack pli",
            "a=rtcp-fb:108 ccm fir",
            "a=rtcp-fb:108 transport-cc",
            "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=ssrc:305419896 cname:gatewaycname0001",
            "a=ssrc:305419896 msid:cam0 video0",
            "m=application 0 UDP/DTLS/SCTP webrtc-datachannel",
            "c=IN IP4 0.0.0.0",
            "a=mid:1",
            "",
        ];
        Assert.Equal(expected, SdpTestData.Lines(result.AnswerSdp));

        Assert.Equal("JId4", result.RemoteIceUfrag);
        Assert.Equal("lFwS31k8WWIy0gMi24ig+RNs", result.RemoteIcePwd);
        Assert.Equal("sha-256", result.RemoteFingerprint.Algorithm);
        Assert.Equal("1D:2A:E3:95:56:D3:1A:49:EC:F7:55:C4:5C:D3:3E:4C:1E:4D:1D:D2:34:63:3D:23:45:B7:5C:ED:52:26:3F:12",
            SdpFingerprint.FormatHex(result.RemoteFingerprint.Value.Span));
        Assert.Equal(SdpSetupRole.ActPass, result.RemoteSetup);
        Assert.Equal("0", result.VideoMid);
        Assert.Equal(108, result.PayloadType);
        Assert.Equal(90000, result.ClockRate);
        Assert.Equal("42e01f", result.OfferedProfile.ToString());
        Assert.Equal((byte)9, result.MidExtensionId);
        Assert.Equal((byte)5, result.PlayoutDelayExtensionId);
        Assert.Null(result.AbsCaptureTimeExtensionId);
        Assert.Equal((byte)4, result.TransportWideCcExtensionId);
        Assert.Equal((byte)2, result.AbsSendTimeExtensionId);
        Assert.True(result.RtcpReducedSize);
        Assert.True(result.Nack && result.NackPli && result.CcmFir && result.TransportCc);
        Assert.Null(result.DataChannelMid);
        Assert.Null(result.RemoteSctpPort);
        Assert.Null(result.RemoteMaxMessageSize);
    }

    [Fact]
    public void Chromium_offer_with_data_channel_accepted()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium),
            SdpTestData.Parameters(acceptDataChannel: true));
        var lines = SdpTestData.Lines(result.AnswerSdp);
        Assert.Contains("a=group:BUNDLE 0 1", lines);
        var app = Array.IndexOf(lines, "m=application 50000 UDP/DTLS/SCTP webrtc-datachannel");
        Assert.True(app > 0);
        string[] expectedTail = [.. TransportLines("1", candidates: false), "a=sctp-port:5000", "a=max-message-size:262144", ""];
        Assert.Equal(expectedTail, lines[(app + 1)..]);
        Assert.Equal("1", result.DataChannelMid);
        Assert.Equal(5000, result.RemoteSctpPort);
        Assert.Equal(262144, result.RemoteMaxMessageSize);
    }

    [Fact]
    public void Chromium_offer_with_abs_capture_time_negotiates_it()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.ChromiumAbsCaptureTime), SdpTestData.Parameters());
        Assert.Equal((byte)13, result.AbsCaptureTimeExtensionId);
        Assert.Contains("a=extmap:13 http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", SdpTestData.Lines(result.AnswerSdp));
    }

    [Fact]
    public void Playout_delay_can_be_declined()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters(playoutDelay: false));
        Assert.Null(result.PlayoutDelayExtensionId);
        Assert.DoesNotContain(RtpHeaderExtensionUris.PlayoutDelay, result.AnswerSdp);
    }

    [Fact]
    public void Chromium_156_offer_has_no_high_profile_so_a_high_source_is_rejected()
    {
        var error = SdpTestData.NegotiateError(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters("640c1f"));
        Assert.Equal(SdpErrorKind.NoCompatibleH264Profile, error.Kind);
        Assert.Equal(406, error.HttpStatusCode);
        Assert.Contains("640c1f (ConstrainedHigh, Level3_1)", error.Message);
        Assert.Contains("42e01f (ConstrainedBaseline, Level3_1)", error.Message);
        Assert.Contains("f4001f (PredictiveHigh444, Level3_1)", error.Message);
    }

    [Fact]
    public void Google_chrome_shaped_offer_with_640034_serves_a_high_source()
    {
        // Google Chrome builds with a High decoder add e.g. PT 112 profile-level-id=640034 next to the Chromium set.
        var offer = SdpTestData.Load(SdpTestData.Chromium)
            .Replace(" 118 119 120 49\r\n", " 112 118 119 120 49\r\n")
            .Replace("a=rtpmap:118 red/90000", "a=rtpmap:112 H264/90000\r\na=rtcp-fb:112 nack\r\na=rtcp-fb:112 nack pli\r\n"
                + "a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034\r\na=rtpmap:118 red/90000");
        var high = SdpTestData.Negotiate(offer, SdpTestData.Parameters("640c1f"));
        Assert.Equal(112, high.PayloadType);
        var lines = SdpTestData.Lines(high.AnswerSdp);
        Assert.Contains("a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f", lines);
        Assert.Contains("a=rtcp-fb:112 nack pli", lines);
        Assert.DoesNotContain("a=rtcp-fb:112 ccm fir", lines); // not offered for PT 112
        Assert.DoesNotContain("a=rtcp-fb:112 transport-cc", lines);

        // A constrained-baseline source still prefers the exact 42e01f match.
        Assert.Equal(108, SdpTestData.Negotiate(offer, SdpTestData.Parameters("42e01f")).PayloadType);
    }

    [Fact]
    public void Main_source_picks_main_profile_in_chromium_offer()
        => Assert.Equal(116, SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters("4d001f")).PayloadType);

    [Fact]
    public void Baseline_source_picks_42001f_in_chromium_offer()
        => Assert.Equal(102, SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters("42001f")).PayloadType);

    [Fact]
    public void Level_4_constrained_baseline_source_uses_level_asymmetry()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), SdpTestData.Parameters("42e028"));
        Assert.Equal(108, result.PayloadType);
        Assert.Contains("profile-level-id=42e028", result.AnswerSdp);
    }

    [Fact]
    public void Firefox_offer_answer_line_by_line()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Firefox), SdpTestData.Parameters("42e01f", acceptDataChannel: true));
        string[] expected =
        [
            "v=0",
            "o=- 1234567890123456789 2 IN IP4 0.0.0.0",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=ice-lite",
            "m=video 50000 UDP/TLS/RTP/SAVPF 126",
            .. TransportLines("0", candidates: true),
            "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:6/sendonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
            "a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=sendonly",
            "a=msid:cam0 video0",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:126 H264/90000",
            "a=rtcp-fb:126 nack",
            "a=rtcp-fb:126 nack pli",
            "a=rtcp-fb:126 ccm fir",
            "a=rtcp-fb:126 transport-cc",
            "a=fmtp:126 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=ssrc:305419896 cname:gatewaycname0001",
            "a=ssrc:305419896 msid:cam0 video0",
            "m=application 50000 UDP/DTLS/SCTP webrtc-datachannel",
            .. TransportLines("1", candidates: false),
            "a=sctp-port:5000",
            "a=max-message-size:262144",
            "",
        ];
        Assert.Equal(expected, SdpTestData.Lines(result.AnswerSdp));
        Assert.Equal("4a7c91be", result.RemoteIceUfrag);
        Assert.Equal(0x5B, result.RemoteFingerprint.Value.Span[0]); // session-level fingerprint
        Assert.Equal(1073741823, result.RemoteMaxMessageSize);
        Assert.Equal((byte)6, result.PlayoutDelayExtensionId);
    }

    [Fact]
    public void Firefox_offer_cannot_serve_a_high_source()
    {
        var error = SdpTestData.NegotiateError(SdpTestData.Load(SdpTestData.Firefox), SdpTestData.Parameters("640c1f"));
        Assert.Equal(SdpErrorKind.NoCompatibleH264Profile, error.Kind);
        Assert.Contains("42e01f (ConstrainedBaseline", error.Message);
    }

    [Fact]
    public void Safari_offer_constrained_baseline_source_picks_42e01f_not_the_first_h264()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Safari), SdpTestData.Parameters("42e01f"));
        Assert.Equal(98, result.PayloadType);
        Assert.Equal("/ewK", result.RemoteIceUfrag);
        var lines = SdpTestData.Lines(result.AnswerSdp);
        Assert.Equal("m=video 50000 UDP/TLS/RTP/SAVPF 98", lines[6]);
        Assert.Contains("a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("a=rtpmap:96", StringComparison.Ordinal));
    }

    [Fact]
    public void Safari_offer_high_source_picks_640c1f()
    {
        var result = SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Safari), SdpTestData.Parameters("640c1f"));
        Assert.Equal(96, result.PayloadType);
        Assert.Equal(H264Profile.ConstrainedHigh, result.OfferedProfile.Profile);
        var lines = SdpTestData.Lines(result.AnswerSdp);
        Assert.Equal("m=video 50000 UDP/TLS/RTP/SAVPF 96", lines[6]);
        Assert.Contains("a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f", lines);
    }

    [Theory]
    [InlineData(SdpTestData.Chromium)]
    [InlineData(SdpTestData.ChromiumAbsCaptureTime)]
    [InlineData(SdpTestData.Firefox)]
    [InlineData(SdpTestData.Safari)]
    public void Answer_re_parses_and_mirrors_the_offer(string fixture)
    {
        foreach (var accept in new[] { false, true })
        {
            var offer = SdpTestData.Parse(SdpTestData.Load(fixture));
            var result = SdpTestData.Negotiate(SdpTestData.Load(fixture), SdpTestData.Parameters(acceptDataChannel: accept));
            var answer = SdpTestData.Parse(result.AnswerSdp);
            Assert.Equal(offer.Media.Count, answer.Media.Count);
            for (var i = 0; i < offer.Media.Count; i++)
            {
                Assert.Equal(offer.Media[i].Media, answer.Media[i].Media);
                Assert.Equal(offer.Media[i].Mid, answer.Media[i].Mid);
                Assert.Equal(offer.Media[i].Protocol, answer.Media[i].Protocol);
            }

            var video = answer.Media[0];
            Assert.Equal(SdpDirection.SendOnly, video.Direction);
            Assert.Equal(SdpSetupRole.Passive, video.Setup);
            Assert.True(answer.IceLite);
            Assert.Equal(SdpTestData.OurFingerprint, video.Fingerprints[0].Value.ToArray());
            Assert.Equal(2, video.Candidates.Count);
            Assert.True(video.EndOfCandidates);
            Assert.Single(video.RtpMaps);
            Assert.Equal(result.PayloadType, video.RtpMaps[0].PayloadType);
            var bundle = Assert.Single(answer.Groups);
            Assert.Equal(accept ? ["0", "1"] : ["0"], bundle.Mids);
            Assert.Equal(accept ? 50000 : 0, answer.Media[1].Port);
            foreach (var ext in video.ExtMaps)
            {
                Assert.Contains(offer.Media[0].ExtMaps, o => o.Id == ext.Id && o.Uri == ext.Uri);
            }
        }
    }

    [Fact]
    public void Extra_audio_and_video_m_lines_are_rejected_in_place()
    {
        var chromium = SdpTestData.Load(SdpTestData.Chromium);
        var videoSection = chromium[chromium.IndexOf("m=video", StringComparison.Ordinal)..chromium.IndexOf("m=application", StringComparison.Ordinal)];
        var audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\na=mid:a0\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        var offer = chromium.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE a0 0 1 2")
            .Replace("m=video", audio + "m=video") + videoSection.Replace("a=mid:0", "a=mid:2");
        var result = SdpTestData.Negotiate(offer, SdpTestData.Parameters());
        var lines = SdpTestData.Lines(result.AnswerSdp);
        Assert.Contains("a=group:BUNDLE 0", lines);
        var audioAt = Array.IndexOf(lines, "m=audio 0 UDP/TLS/RTP/SAVPF 111");
        Assert.Equal(["c=IN IP4 0.0.0.0", "a=mid:a0", "a=inactive"], lines[(audioAt + 1)..(audioAt + 4)]);
        var answer = SdpTestData.Parse(result.AnswerSdp);
        Assert.Equal(["audio", "video", "application", "video"], answer.Media.Select(m => m.Media));
        Assert.Equal(["a0", "0", "1", "2"], answer.Media.Select(m => m.Mid));
        Assert.Equal([0, 50000, 0, 0], answer.Media.Select(m => m.Port));
        Assert.Equal(SdpDirection.Inactive, answer.Media[3].Direction);
        Assert.Equal("0", result.VideoMid);
    }

    [Fact]
    public void Setup_active_offer_is_accepted_and_absent_setup_means_active()
    {
        var chromium = SdpTestData.Load(SdpTestData.Chromium);
        Assert.Equal(SdpSetupRole.Active, SdpTestData.Negotiate(chromium.Replace("a=setup:actpass", "a=setup:active"), SdpTestData.Parameters()).RemoteSetup);
        Assert.Equal(SdpSetupRole.Active, SdpTestData.Negotiate(chromium.Replace("a=setup:actpass\r\n", ""), SdpTestData.Parameters()).RemoteSetup);
    }

    [Fact]
    public void Session_level_credentials_are_used_when_media_has_none()
    {
        var chromium = SdpTestData.Load(SdpTestData.Chromium)
            .Replace("a=ice-ufrag:JId4\r\n", "").Replace("a=ice-pwd:lFwS31k8WWIy0gMi24ig+RNs\r\n", "")
            .Replace("a=extmap-allow-mixed", "a=extmap-allow-mixed\r\na=ice-ufrag:SeSs\r\na=ice-pwd:sessionlevelpassword123");
        var result = SdpTestData.Negotiate(chromium, SdpTestData.Parameters());
        Assert.Equal("SeSs", result.RemoteIceUfrag);
        Assert.Equal("sessionlevelpassword123", result.RemoteIcePwd);
    }

    [Fact]
    public void Wildcard_rtcp_feedback_applies_to_the_chosen_payload_type()
    {
        var offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE v\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 100\r\nc=IN IP4 0.0.0.0\r\na=mid:v\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n"
            + "a=fingerprint:sha-256 " + Fp + "\r\na=setup:actpass\r\na=rtcp-mux\r\na=rtpmap:100 h264/90000\r\n"
            + "a=fmtp:100 packetization-mode=1\r\na=rtcp-fb:* nack\r\n";
        var error = SdpTestData.NegotiateError(offer);
        Assert.Equal(SdpErrorKind.NoCompatibleH264Profile, error.Kind); // no profile-level-id = 42000a Baseline level 1
        Assert.Contains("42000a (Baseline, Level1)", error.Message);

        var result = SdpTestData.Negotiate(offer, SdpTestData.Parameters("42000a")); // level 1 fits without asymmetry
        Assert.Equal(100, result.PayloadType);
        Assert.True(result.Nack);
        Assert.False(result.NackPli);
        Assert.False(result.RtcpReducedSize);
        Assert.Null(result.MidExtensionId);
        Assert.DoesNotContain("a=rtcp-rsize", result.AnswerSdp);
    }

    [Fact]
    public void Two_byte_and_sendonly_extension_ids_are_not_negotiated()
    {
        var chromium = SdpTestData.Load(SdpTestData.Chromium)
            .Replace("a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:20 urn:ietf:params:rtp-hdrext:sdes:mid")
            .Replace("a=extmap:5 http", "a=extmap:5/sendonly http");
        var result = SdpTestData.Negotiate(chromium, SdpTestData.Parameters());
        Assert.Null(result.MidExtensionId);
        Assert.Null(result.PlayoutDelayExtensionId);
        Assert.Equal((byte)4, result.TransportWideCcExtensionId);
    }

    [Fact]
    public void Ipv6_first_candidate_gives_ip6_connection_line()
    {
        var p = SdpTestData.Parameters();
        p = new AnswerParameters
        {
            IceUfrag = p.IceUfrag, IcePwd = p.IcePwd, Fingerprint = p.Fingerprint, Candidates = [p.Candidates[1], p.Candidates[0]],
            VideoSsrc = p.VideoSsrc, Cname = p.Cname, MsidStreamId = p.MsidStreamId, MsidTrackId = p.MsidTrackId,
            SourceProfile = p.SourceProfile, SessionId = 7, SessionVersion = 9,
        };
        var lines = SdpTestData.Lines(SdpTestData.Negotiate(SdpTestData.Load(SdpTestData.Chromium), p).AnswerSdp);
        Assert.Contains("c=IN IP6 fd00::20", lines);
        Assert.Contains("o=- 7 9 IN IP4 0.0.0.0", lines);
    }
}
