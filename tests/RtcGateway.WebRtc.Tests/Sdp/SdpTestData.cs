using System.Net;
using System.Runtime.CompilerServices;
using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.WebRtc.Tests.Sdp;

/// <summary>Fixture offers (read next to this source file, no csproj copy step) and the gateway's answer parameters.</summary>
internal static class SdpTestData
{
    public const string Chromium = "chromium156-recvonly-video-datachannel.sdp";
    public const string ChromiumAbsCaptureTime = "chromium156-abs-capture-time.sdp";
    public const string Firefox = "firefox128-recvonly-video-datachannel.sdp";
    public const string Safari = "safari17-recvonly-video-datachannel.sdp";

    public static readonly string[] AllFixtures = [Chromium, ChromiumAbsCaptureTime, Firefox, Safari];

    public static string Load(string name, [CallerFilePath] string callerPath = "")
        => File.ReadAllText(Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", name));

    public static SdpSession Parse(string text)
    {
        Assert.True(SdpSession.TryParse(text, out var session, out var error), error.ToString());
        Assert.Equal(SdpErrorKind.None, error.Kind);
        return session!;
    }

    public static H264ProfileLevelId Profile(string text)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var value));
        return value!;
    }

    public static readonly byte[] OurFingerprint = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 0xA0)).ToArray();

    public static string OurFingerprintHex => string.Join(':', OurFingerprint.Select(b => b.ToString("X2")));

    public static AnswerParameters Parameters(string sourceProfile = "42e01f", bool acceptDataChannel = false,
        bool playoutDelay = true, uint? rtxSsrc = null) => new()
    {
        IceUfrag = "GwUf",
        IcePwd = "abcdefghijklmnopqrstuv",
        Fingerprint = OurFingerprint,
        Candidates =
        [
            new SdpHostCandidate(new IPEndPoint(IPAddress.Parse("192.168.1.20"), 50000), "1", SdpHostCandidate.ComputeHostPriority(65535)),
            new SdpHostCandidate(new IPEndPoint(IPAddress.Parse("fd00::20"), 50000), "2", SdpHostCandidate.ComputeHostPriority(65534)),
        ],
        VideoSsrc = 305419896,
        RtxSsrc = rtxSsrc,
        Cname = "gatewaycname0001",
        MsidStreamId = "cam0",
        MsidTrackId = "video0",
        SourceProfile = Profile(sourceProfile),
        AcceptDataChannel = acceptDataChannel,
        PlayoutDelay = playoutDelay,
        SessionId = 1234567890123456789,
    };

    public static NegotiatedSession Negotiate(string offerText, AnswerParameters parameters)
    {
        var offer = Parse(offerText);
        Assert.True(SdpNegotiator.TryNegotiate(offer, parameters, out var result, out var error), error.ToString());
        return result!;
    }

    public static SdpError NegotiateError(string offerText, AnswerParameters? parameters = null)
    {
        var offer = Parse(offerText);
        Assert.False(SdpNegotiator.TryNegotiate(offer, parameters ?? Parameters(), out var result, out var error));
        Assert.Null(result);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    public static string[] Lines(string sdp) => sdp.Split("\r\n");
}
