using System.Net;
using BenchmarkDotNet.Attributes;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.Benchmarks;

/// <summary>SDP offer parsing and answer generation for a Chromium-shaped offer (signalling path, once per viewer).</summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private string _offerText = string.Empty;
    private SdpSession _offer = null!;
    private AnswerParameters _parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A Chromium-shaped offer: many codecs, H.264 in several profiles, 11 header extensions, a data channel.
        var sb = new System.Text.StringBuilder();
        sb.Append("v=0\r\no=- 9111547504277773997 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\n");
        sb.Append("m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109\r\nc=IN IP4 0.0.0.0\r\n");
        sb.Append("a=ice-ufrag:JId4\r\na=ice-pwd:lFwS31k8WWIy0gMi24ig+RNs\r\na=ice-options:trickle\r\n");
        sb.Append("a=fingerprint:sha-256 1D:2A:E3:95:56:D3:1A:49:EC:F7:55:C4:5C:D3:3E:4C:1E:4D:1D:D2:34:63:3D:23:45:B7:5C:ED:52:26:3F:12\r\n");
        sb.Append("a=setup:actpass\r\na=mid:0\r\n");
        for (var i = 1; i <= 11; i++)
        {
            sb.Append($"a=extmap:{i} urn:example:ext{i}\r\n");
        }

        sb.Append("a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n");
        string[] profiles = ["42001f", "42001f", "42e01f", "42e01f", "4d001f", "4d001f", "f4001f", "f4001f"];
        for (var i = 0; i < profiles.Length; i++)
        {
            var pt = 102 + i;
            sb.Append($"a=rtpmap:{pt} H264/90000\r\na=rtcp-fb:{pt} goog-remb\r\na=rtcp-fb:{pt} transport-cc\r\na=rtcp-fb:{pt} ccm fir\r\n");
            sb.Append($"a=rtcp-fb:{pt} nack\r\na=rtcp-fb:{pt} nack pli\r\n");
            sb.Append($"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode={1 - i % 2};profile-level-id={profiles[i]}\r\n");
        }

        sb.Append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n");
        _offerText = sb.ToString();
        if (!SdpSession.TryParse(_offerText, out var offer, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        _offer = offer!;
        H264ProfileLevelId.TryParse("42e01f", out var source);
        _parameters = new AnswerParameters
        {
            IceUfrag = "GwUf",
            IcePwd = "abcdefghijklmnopqrstuv",
            Fingerprint = new byte[32],
            Candidates = [new SdpHostCandidate(new IPEndPoint(IPAddress.Loopback, 50000), "1", SdpHostCandidate.ComputeHostPriority(65535))],
            VideoSsrc = 1,
            Cname = "cname",
            MsidStreamId = "cam0",
            MsidTrackId = "video0",
            SourceProfile = source!,
            AcceptDataChannel = true,
            SessionId = 1,
        };
    }

    /// <summary>Parse the offer text.</summary>
    [Benchmark]
    public bool Parse() => SdpSession.TryParse(_offerText, out _, out _);

    /// <summary>Negotiate and write the answer from a parsed offer.</summary>
    [Benchmark]
    public bool Negotiate() => SdpNegotiator.TryNegotiate(_offer, _parameters, out _, out _);
}
