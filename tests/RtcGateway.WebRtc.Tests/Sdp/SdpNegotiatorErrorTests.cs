using System.Net;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.WebRtc.Tests.Sdp;

public class SdpNegotiatorErrorTests
{
    private static readonly string Chromium = SdpTestData.Load(SdpTestData.Chromium);

    private static SdpError Error(string offer, SdpErrorKind expected, int status)
    {
        var error = SdpTestData.NegotiateError(offer);
        Assert.Equal(expected, error.Kind);
        Assert.Equal(status, error.HttpStatusCode);
        return error;
    }

    [Fact]
    public void No_video() =>
        Assert.Contains("m-lines: application", Error(Chromium[..Chromium.IndexOf("m=video", StringComparison.Ordinal)]
            + Chromium[Chromium.IndexOf("m=application", StringComparison.Ordinal)..], SdpErrorKind.NoVideo, 406).Message);

    [Fact]
    public void Video_with_port_zero_is_no_video() =>
        Assert.Contains("video (port 0)", Error(Chromium.Replace("m=video 9 ", "m=video 0 "), SdpErrorKind.NoVideo, 406).Message);

    [Fact]
    public void Bundle_only_video_with_port_zero_is_used()
    {
        var result = SdpTestData.Negotiate(Chromium.Replace("m=video 9 ", "m=video 0 ").Replace("a=mid:0", "a=mid:0\r\na=bundle-only"),
            SdpTestData.Parameters());
        Assert.Equal("0", result.VideoMid);
    }

    [Fact]
    public void Unsupported_protocol() =>
        Assert.Contains("RTP/SAVPF", Error(Chromium.Replace("UDP/TLS/RTP/SAVPF", "RTP/SAVPF"), SdpErrorKind.UnsupportedProtocol, 406).Message);

    [Fact]
    public void No_bundle_group() =>
        Assert.Contains("BUNDLE", Error(Chromium.Replace("a=group:BUNDLE 0 1\r\n", ""), SdpErrorKind.NoBundle, 400).Message);

    [Fact]
    public void Bundle_group_without_video_mid() =>
        Error(Chromium.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1"), SdpErrorKind.NoBundle, 400);

    [Fact]
    public void Video_without_mid() =>
        Assert.Contains("no a=mid", Error(Chromium.Replace("a=mid:0\r\n", ""), SdpErrorKind.NoBundle, 400).Message);

    [Fact]
    public void No_ice_ufrag() =>
        Assert.Contains("a=ice-ufrag", Error(Chromium.Replace("a=ice-ufrag:JId4\r\n", ""), SdpErrorKind.NoIceCredentials, 400).Message);

    [Fact]
    public void No_ice_pwd() =>
        Assert.Contains("a=ice-pwd", Error(Chromium.Replace("a=ice-pwd:lFwS31k8WWIy0gMi24ig+RNs\r\n", ""), SdpErrorKind.NoIceCredentials, 400).Message);

    [Theory]
    [InlineData("a=ice-ufrag:JId4", "a=ice-ufrag:abc")]
    [InlineData("a=ice-ufrag:JId4", "a=ice-ufrag:ab-d")]
    [InlineData("a=ice-pwd:lFwS31k8WWIy0gMi24ig+RNs", "a=ice-pwd:short")]
    public void Invalid_ice_credentials(string from, string to) =>
        Error(Chromium.Replace(from, to), SdpErrorKind.NoIceCredentials, 400);

    [Fact]
    public void No_fingerprint()
    {
        var offer = string.Join("\r\n", Chromium.Split("\r\n").Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal)));
        Error(offer, SdpErrorKind.NoFingerprint, 400);
    }

    [Fact]
    public void Only_sha1_fingerprint() =>
        Assert.Contains("sha-1", Error(Chromium.Replace("a=fingerprint:sha-256 1D:2A:E3:95:56:D3:1A:49:EC:F7:55:C4:5C:D3:3E:4C:1E:4D:1D:D2:34:63:3D:23:45:B7:5C:ED:52:26:3F:12",
            "a=fingerprint:sha-1 1D:2A:E3:95:56:D3:1A:49:EC:F7:55:C4:5C:D3:3E:4C:1E:4D:1D:D2"), SdpErrorKind.UnsupportedFingerprintAlgorithm, 400).Message);

    [Fact]
    public void Sha256_fingerprint_of_wrong_length() =>
        Assert.Contains("31 bytes", Error(Chromium.Replace(":3F:12\r\n", ":3F\r\n"), SdpErrorKind.UnsupportedFingerprintAlgorithm, 400).Message);

    [Fact]
    public void Sha256_is_preferred_among_several_fingerprints()
    {
        var sha512 = "a=fingerprint:sha-512 " + string.Join(':', Enumerable.Repeat("AB", 64));
        var result = SdpTestData.Negotiate(Chromium.Replace("a=setup:actpass\r\na=mid:0", sha512 + "\r\na=setup:actpass\r\na=mid:0"), SdpTestData.Parameters());
        Assert.Equal("sha-256", result.RemoteFingerprint.Algorithm);
        var only512 = string.Join("\r\n", Chromium.Split("\r\n").Select(l => l.StartsWith("a=fingerprint", StringComparison.Ordinal) ? sha512 : l));
        Assert.Equal("sha-512", SdpTestData.Negotiate(only512, SdpTestData.Parameters()).RemoteFingerprint.Algorithm);
    }

    [Theory]
    [InlineData("passive")]
    [InlineData("holdconn")]
    public void Setup_role_we_cannot_serve(string role) =>
        Assert.Contains(role, Error(Chromium.Replace("a=setup:actpass", "a=setup:" + role), SdpErrorKind.UnsupportedSetupRole, 400).Message);

    [Theory]
    [InlineData("sendonly")]
    [InlineData("inactive")]
    public void Video_direction_we_cannot_serve(string direction) =>
        Assert.Contains(direction, Error(Chromium.Replace("a=recvonly", "a=" + direction), SdpErrorKind.IncompatibleDirection, 406).Message);

    [Fact]
    public void Sendrecv_video_is_accepted() =>
        Assert.Equal(108, SdpTestData.Negotiate(Chromium.Replace("a=recvonly", "a=sendrecv"), SdpTestData.Parameters()).PayloadType);

    [Fact]
    public void No_rtcp_mux() =>
        Error(Chromium.Replace("a=rtcp-mux\r\n", ""), SdpErrorKind.NoRtcpMux, 400);

    [Fact]
    public void No_h264_names_the_codecs_found()
    {
        var offer = Chromium.Replace("H264/90000", "X264/90000");
        var error = Error(offer, SdpErrorKind.NoH264, 406);
        Assert.Equal("offer has no H.264 payload type with packetization-mode=1 (found VP8, VP9, X264, AV1)", error.Message);
    }

    [Fact]
    public void Only_packetization_mode_0_names_the_payload_types()
    {
        var offer = Chromium.Replace("packetization-mode=1", "packetization-mode=0");
        var error = Error(offer, SdpErrorKind.NoH264, 406);
        Assert.Contains("H.264 PT 102, 104, 108, 114, 116, 39, 41, 43 use packetization-mode=0", error.Message);
    }

    [Fact]
    public void Duplicate_mid_is_malformed() =>
        Assert.Contains("a=mid:0", Error(Chromium.Replace("a=mid:1", "a=mid:0"), SdpErrorKind.Malformed, 400).Message);

    [Fact]
    public void Repeated_mid_in_bundle_group_is_answered_once()
    {
        var result = SdpTestData.Negotiate(Chromium.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 0 1"), SdpTestData.Parameters());
        Assert.Contains("a=group:BUNDLE 0\r\n", result.AnswerSdp);
    }

    [Fact]
    public void Old_style_sctp_data_channel_is_rejected_even_when_accepting()
    {
        var old = Chromium.Replace("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=application 9 DTLS/SCTP 5000")
            .Replace("a=sctp-port:5000", "a=sctpmap:5000 webrtc-datachannel 1024");
        var result = SdpTestData.Negotiate(old, SdpTestData.Parameters(acceptDataChannel: true));
        Assert.Null(result.DataChannelMid);
        Assert.Contains("m=application 0 DTLS/SCTP 5000\r\n", result.AnswerSdp);
    }

    [Fact]
    public void Data_channel_outside_the_bundle_group_is_rejected()
    {
        var result = SdpTestData.Negotiate(Chromium.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"), SdpTestData.Parameters(acceptDataChannel: true));
        Assert.Null(result.DataChannelMid);
        Assert.Null(result.RemoteMaxMessageSize);
    }

    [Fact]
    public void Absent_max_message_size_means_64_KiB()
    {
        var result = SdpTestData.Negotiate(Chromium.Replace("a=max-message-size:262144\r\n", ""), SdpTestData.Parameters(acceptDataChannel: true));
        Assert.Equal(65536, result.RemoteMaxMessageSize);
    }

    [Fact]
    public void Error_kinds_map_to_http_status()
    {
        foreach (var kind in Enum.GetValues<SdpErrorKind>())
        {
            var status = kind.ToHttpStatusCode();
            Assert.Contains(status, new[] { 200, 400, 406, 413, 500 });
            Assert.Equal(kind == SdpErrorKind.None, status == 200);
        }

        Assert.Equal(500, ((SdpErrorKind)999).ToHttpStatusCode());
        Assert.Equal(500, SdpErrorKind.InvalidAnswerParameters.ToHttpStatusCode());
        Assert.Equal("NoH264: x", new SdpError(SdpErrorKind.NoH264, "x").ToString());
    }

    public static TheoryData<string> InvalidParameterCases() =>
        ["ufrag", "pwd", "fingerprint-length", "fingerprint-alg", "no-candidates", "port-zero", "foundation", "cname", "msid", "sctp"];

    [Theory]
    [MemberData(nameof(InvalidParameterCases))]
    public void Invalid_answer_parameters(string which)
    {
        var p = SdpTestData.Parameters();
        var candidate = p.Candidates[0];
        var bad = new AnswerParameters
        {
            IceUfrag = which == "ufrag" ? "abc" : p.IceUfrag,
            IcePwd = which == "pwd" ? "short" : p.IcePwd,
            FingerprintAlgorithm = which == "fingerprint-alg" ? "md5" : p.FingerprintAlgorithm,
            Fingerprint = which == "fingerprint-length" ? new byte[20] : p.Fingerprint,
            Candidates = which switch
            {
                "no-candidates" => [],
                "port-zero" => [candidate with { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }],
                "foundation" => [candidate with { Foundation = "bad foundation" }],
                _ => p.Candidates,
            },
            VideoSsrc = p.VideoSsrc,
            Cname = which == "cname" ? "has space" : p.Cname,
            MsidStreamId = which == "msid" ? "a:b" : p.MsidStreamId,
            MsidTrackId = p.MsidTrackId,
            SourceProfile = p.SourceProfile,
            SctpPort = which == "sctp" ? 0 : 5000,
            SessionId = 1,
        };
        var error = SdpTestData.NegotiateError(Chromium, bad);
        Assert.Equal(SdpErrorKind.InvalidAnswerParameters, error.Kind);
        Assert.Equal(500, error.HttpStatusCode);
    }

    [Fact]
    public void Host_priority_follows_rfc8445()
    {
        Assert.Equal((126u << 24) + (65535u << 8) + 255u, SdpHostCandidate.ComputeHostPriority(65535));
        Assert.Equal((126u << 24) + 254u, SdpHostCandidate.ComputeHostPriority(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SdpHostCandidate.ComputeHostPriority(0, 0));
    }
}
