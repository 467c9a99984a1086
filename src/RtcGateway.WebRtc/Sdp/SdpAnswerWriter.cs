using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// Writes the answer text (RFC 8829 §5.3.1 initial answer, RFC 8866 §5 line order v o s t a* then m-sections).
/// Accepted m-sections carry ICE, DTLS and c= with the first candidate's address; candidates and end-of-candidates are in
/// the first accepted section (the answerer BUNDLE-tag, RFC 8843 §7.3.1). Rejected sections have port 0 (RFC 3264 §6).
/// </summary>
internal static class SdpAnswerWriter
{
    public static string Write(SdpSession offer, AnswerParameters p, SdpGroup bundle, int videoIndex, int dataIndex,
        NegotiatedVideo video)
    {
        var sb = new StringBuilder(2048);
        var first = p.Candidates[0].EndPoint;
        var firstAddress = Normalise(first.Address);
        var connection = $"IN {(firstAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4")} {Format(firstAddress)}";

        // Accepted mids in the offer's BUNDLE group order (RFC 8843 §7.3.1).
        var accepted = new List<string>();
        foreach (var mid in bundle.Mids)
        {
            if ((mid == offer.Media[videoIndex].Mid || (dataIndex >= 0 && mid == offer.Media[dataIndex].Mid)) && !accepted.Contains(mid))
            {
                accepted.Add(mid);
            }
        }

        Line(sb, "v=0");
        Line(sb, $"o=- {p.SessionId.ToString(CultureInfo.InvariantCulture)} {p.SessionVersion.ToString(CultureInfo.InvariantCulture)} IN IP4 0.0.0.0");
        Line(sb, "s=-");
        Line(sb, "t=0 0");
        Line(sb, "a=group:BUNDLE " + string.Join(' ', accepted));
        Line(sb, "a=ice-lite");

        var candidatesWritten = false;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var m = offer.Media[i];
            if (i != videoIndex && i != dataIndex)
            {
                WriteRejected(sb, m);
                continue;
            }

            var port = first.Port.ToString(CultureInfo.InvariantCulture);
            Line(sb, i == videoIndex
                ? $"m=video {port} {m.Protocol} {video.Payload.PayloadType.ToString(CultureInfo.InvariantCulture)}{(video.Rtx is { } rtx ? " " + rtx.PayloadType.ToString(CultureInfo.InvariantCulture) : string.Empty)}"
                : $"m=application {port} {m.Protocol} webrtc-datachannel");
            Line(sb, "c=" + connection);
            Line(sb, "a=ice-ufrag:" + p.IceUfrag);
            Line(sb, "a=ice-pwd:" + p.IcePwd);
            Line(sb, $"a=fingerprint:{p.FingerprintAlgorithm} {SdpFingerprint.FormatHex(p.Fingerprint.Span)}");
            Line(sb, "a=setup:passive");
            Line(sb, "a=mid:" + m.Mid);
            if (!candidatesWritten)
            {
                foreach (var c in p.Candidates)
                {
                    var address = Normalise(c.EndPoint.Address);
                    Line(sb, $"a=candidate:{c.Foundation} 1 udp {c.Priority.ToString(CultureInfo.InvariantCulture)} {Format(address)} {c.EndPoint.Port.ToString(CultureInfo.InvariantCulture)} typ host");
                }

                Line(sb, "a=end-of-candidates");
                candidatesWritten = true;
            }

            if (i == videoIndex)
            {
                WriteVideo(sb, m, p, video);
            }
            else
            {
                Line(sb, "a=sctp-port:" + p.SctpPort.ToString(CultureInfo.InvariantCulture));
                Line(sb, "a=max-message-size:" + p.MaxMessageSize.ToString(CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static void WriteVideo(StringBuilder sb, SdpMediaDescription m, AnswerParameters p, NegotiatedVideo video)
    {
        foreach (var ext in video.Extensions)
        {
            var dir = ext.Direction is null ? string.Empty : "/sendonly";
            Line(sb, $"a=extmap:{ext.Id.ToString(CultureInfo.InvariantCulture)}{dir} {ext.Uri}");
        }

        Line(sb, "a=sendonly");
        Line(sb, $"a=msid:{p.MsidStreamId} {p.MsidTrackId}");
        Line(sb, "a=rtcp-mux");
        if (m.RtcpRsize)
        {
            Line(sb, "a=rtcp-rsize");
        }

        var pt = video.Payload.PayloadType.ToString(CultureInfo.InvariantCulture);
        Line(sb, $"a=rtpmap:{pt} H264/90000");
        if (video.Nack)
        {
            Line(sb, $"a=rtcp-fb:{pt} nack");
        }

        if (video.NackPli)
        {
            Line(sb, $"a=rtcp-fb:{pt} nack pli");
        }

        if (video.CcmFir)
        {
            Line(sb, $"a=rtcp-fb:{pt} ccm fir");
        }

        if (video.TransportCc)
        {
            Line(sb, $"a=rtcp-fb:{pt} transport-cc");
        }

        Line(sb, $"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={p.SourceProfile}");
        var ssrc = p.VideoSsrc.ToString(CultureInfo.InvariantCulture);
        if (video.Rtx is { } rtx && p.RtxSsrc is { } rtxSsrcValue)
        {
            // RFC 4588 §8.6 (rtpmap/fmtp of the retransmission format) and RFC 5576 §4.2 (FID: media SSRC first, then RTX).
            var rtxPt = rtx.PayloadType.ToString(CultureInfo.InvariantCulture);
            Line(sb, $"a=rtpmap:{rtxPt} rtx/90000");
            Line(sb, rtx.RtxTimeMs is { } time
                ? $"a=fmtp:{rtxPt} apt={pt};rtx-time={time.ToString(CultureInfo.InvariantCulture)}"
                : $"a=fmtp:{rtxPt} apt={pt}");
            var rtxSsrc = rtxSsrcValue.ToString(CultureInfo.InvariantCulture);
            Line(sb, $"a=ssrc-group:FID {ssrc} {rtxSsrc}");
            WriteSsrc(sb, ssrc, p);
            WriteSsrc(sb, rtxSsrc, p);
        }
        else
        {
            WriteSsrc(sb, ssrc, p);
        }
    }

    // RFC 5576 §4.1 source attributes: cname (RFC 3550 §6.5.1) and msid (RFC 8830 §2).
    private static void WriteSsrc(StringBuilder sb, string ssrc, AnswerParameters p)
    {
        Line(sb, $"a=ssrc:{ssrc} cname:{p.Cname}");
        Line(sb, $"a=ssrc:{ssrc} msid:{p.MsidStreamId} {p.MsidTrackId}");
    }

    // RFC 3264 §6: a rejected stream keeps media, proto and a format, with port 0; RFC 8829 §5.3.1 keeps its mid.
    private static void WriteRejected(StringBuilder sb, SdpMediaDescription m)
    {
        Line(sb, $"m={m.Media} 0 {m.Protocol} {m.Formats[0]}");
        Line(sb, "c=IN IP4 0.0.0.0");
        if (m.Mid is not null)
        {
            Line(sb, "a=mid:" + m.Mid);
        }

        if (m.Protocol.Contains("RTP", StringComparison.OrdinalIgnoreCase))
        {
            Line(sb, "a=inactive");
        }
    }

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string Format(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId == 0)
        {
            return address.ToString();
        }

        var copy = new IPAddress(address.GetAddressBytes());
        return copy.ToString();
    }

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append("\r\n");
}
