using RtcGateway.WebRtc.Rtp;
namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// The answer-side choices for the video m-line: chosen payload type, RTCP feedback (RFC 4585 §4.2: only what the offer
/// lists for that PT or "*") and header extensions (RFC 8285 §7: only offered ones, with the offer's ids).
/// </summary>
internal sealed class NegotiatedVideo
{
    private NegotiatedVideo(H264PayloadSelector.Candidate payload, List<SdpExtMap> extensions)
    {
        Payload = payload;
        Extensions = extensions;
    }

    public H264PayloadSelector.Candidate Payload { get; }

    /// <summary>Accepted extensions with the id from the offer and the direction to write (null or SendOnly).</summary>
    public List<SdpExtMap> Extensions { get; }

    public bool Nack { get; private init; }

    public bool NackPli { get; private init; }

    public bool CcmFir { get; private init; }

    public bool TransportCc { get; private init; }

    /// <summary>The accepted RTX payload type (RFC 4588), or null.</summary>
    public RtxChoice? Rtx { get; private init; }

    public static NegotiatedVideo Create(SdpSession offer, SdpMediaDescription video, H264PayloadSelector.Candidate payload,
        AnswerParameters parameters)
    {
        bool Has(string type, string? parameter)
        {
            foreach (var fb in video.RtcpFeedback)
            {
                if ((fb.PayloadType is null || fb.PayloadType == payload.PayloadType) && fb.Type == type && fb.Parameter == parameter)
                {
                    return true;
                }
            }

            return false;
        }

        var mediaDirection = video.Direction ?? offer.Direction ?? SdpDirection.SendRecv;
        var extensions = new List<SdpExtMap>();
        foreach (var ext in video.ExtMaps.Concat(offer.ExtMaps))
        {
            var wanted = ext.Uri switch
            {
                RtpHeaderExtensionUris.Mid or RtpHeaderExtensionUris.AbsCaptureTime or RtpHeaderExtensionUris.TransportWideCc
                    or RtpHeaderExtensionUris.AbsSendTime => true,
                RtpHeaderExtensionUris.PlayoutDelay => parameters.PlayoutDelay,
                _ => false,
            };

            // One-byte header form only (ids 1-14, RFC 8285 §4.2); the offerer must receive it (recvonly/sendrecv).
            var direction = ext.Direction ?? mediaDirection;
            if (!wanted || ext.Id is < 1 or > 14 || direction is SdpDirection.SendOnly or SdpDirection.Inactive
                || extensions.Exists(e => e.Uri == ext.Uri || e.Id == ext.Id))
            {
                continue;
            }

            extensions.Add(new SdpExtMap(ext.Id, ext.Direction is null ? null : SdpDirection.SendOnly, ext.Uri, null));
        }

        return new NegotiatedVideo(payload, extensions)
        {
            Nack = Has("nack", null),
            NackPli = Has("nack", "pli"),
            CcmFir = Has("ccm", "fir"),
            TransportCc = Has("transport-cc", null),
            Rtx = parameters.RtxSsrc is null ? null : FindRtx(video, payload.PayloadType),
        };
    }

    // RFC 4588 §8.6: "a=rtpmap:<pt> rtx/<clock rate of the original>" with "a=fmtp:<pt> apt=<original pt>[;rtx-time=<ms>]".
    // The first such payload type in the m-line's order wins; a malformed rtx-time is ignored (answered without one).
    private static RtxChoice? FindRtx(SdpMediaDescription video, int associatedPayloadType)
    {
        foreach (var format in video.Formats)
        {
            if (!SdpAttributeAccumulator.TryParseInt(format, 0, 127, out var pt) || pt == associatedPayloadType)
            {
                continue;
            }

            var map = video.FindRtpMap(pt);
            if (map is null || !string.Equals(map.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase) || map.ClockRate != 90000)
            {
                continue;
            }

            var parameters = video.FindFmtp(format)?.Parameters;
            if (parameters is null || !parameters.TryGetValue("apt", out var apt)
                || !SdpAttributeAccumulator.TryParseInt(apt, 0, 127, out var aptValue) || aptValue != associatedPayloadType)
            {
                continue;
            }

            int? rtxTime = parameters.TryGetValue("rtx-time", out var time) && SdpAttributeAccumulator.TryParseInt(time, 0, int.MaxValue, out var ms)
                ? Math.Min(ms, (int)RtpSequenceMap.DefaultMaxAgeMs)
                : null;
            return new RtxChoice(pt, rtxTime);
        }

        return null;
    }

    /// <summary>An accepted RTX payload type and the rtx-time (ms) to answer, if any.</summary>
    internal sealed record RtxChoice(int PayloadType, int? RtxTimeMs);

    public byte? IdOf(string uri)
    {
        foreach (var e in Extensions)
        {
            if (e.Uri == uri)
            {
                return (byte)e.Id;
            }
        }

        return null;
    }
}
