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
        };
    }

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
