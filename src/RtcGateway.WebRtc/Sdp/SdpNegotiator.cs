using RtcGateway.WebRtc.Rtp;
namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// JSEP answerer (RFC 8829 §5.3) for the gateway: ICE-lite (RFC 8839 §5.3), DTLS server (<c>a=setup:passive</c>, RFC 8842),
/// one send-only H.264 video track (RFC 6184), optional SCTP data channel (RFC 8841), everything in one BUNDLE group
/// (RFC 8843). Stateless; never throws on offer content.
/// </summary>
public static class SdpNegotiator
{
    /// <summary>
    /// Checks an offer and writes the answer. The answer copies the offer's m-line order and mids; the first active video
    /// m-line becomes our <c>sendonly</c> H.264 track, an <c>m=application</c> data channel is accepted when
    /// <see cref="AnswerParameters.AcceptDataChannel"/>, and every other m-line is answered with port 0.
    /// </summary>
    /// <param name="offer">The parsed offer.</param>
    /// <param name="parameters">The gateway's side.</param>
    /// <param name="result">The negotiated session, or null on failure.</param>
    /// <param name="error"><see cref="SdpError.None"/>, or the first problem found, in this order:
    /// InvalidAnswerParameters, Malformed (a mid used twice), NoVideo, UnsupportedProtocol, NoBundle, NoIceCredentials, NoFingerprint,
    /// UnsupportedFingerprintAlgorithm, UnsupportedSetupRole, IncompatibleDirection, NoRtcpMux, NoH264,
    /// NoCompatibleH264Profile.</param>
    /// <returns>True on success.</returns>
    /// <exception cref="ArgumentNullException">offer or parameters is null.</exception>
    public static bool TryNegotiate(SdpSession offer, AnswerParameters parameters, out NegotiatedSession? result,
        out SdpError error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(parameters);
        result = null;
        var problem = AnswerParametersValidator.Validate(parameters);
        if (problem is not null)
        {
            error = new SdpError(SdpErrorKind.InvalidAnswerParameters, problem);
            return false;
        }

        var duplicate = FindDuplicateMid(offer);
        if (duplicate is not null)
        {
            error = new SdpError(SdpErrorKind.Malformed, $"a=mid:{Excerpt(duplicate)} appears on more than one m-line (RFC 5888 §4)");
            return false;
        }

        var videoIndex = FindVideo(offer);
        if (videoIndex < 0)
        {
            var kinds = offer.Media.Count == 0 ? "none" : string.Join(", ", offer.Media.Select(m => m.Port == 0 ? m.Media + " (port 0)" : m.Media));
            error = new SdpError(SdpErrorKind.NoVideo, $"offer has no active m=video line (m-lines: {kinds})");
            return false;
        }

        var video = offer.Media[videoIndex];
        if (!string.Equals(video.Protocol, "UDP/TLS/RTP/SAVPF", StringComparison.OrdinalIgnoreCase))
        {
            error = new SdpError(SdpErrorKind.UnsupportedProtocol,
                $"m=video proto is '{Excerpt(video.Protocol)}'; only UDP/TLS/RTP/SAVPF (DTLS-SRTP over UDP) is supported");
            return false;
        }

        if (video.Mid is null)
        {
            error = new SdpError(SdpErrorKind.NoBundle, $"m-line {videoIndex} (video) has no a=mid");
            return false;
        }

        var bundle = offer.FindBundleGroup(video.Mid);
        if (bundle is null)
        {
            error = new SdpError(SdpErrorKind.NoBundle, $"offer has no a=group:BUNDLE containing the video mid '{Excerpt(video.Mid)}'");
            return false;
        }

        if (!TryGetTransport(offer, video, out var transport, out error))
        {
            return false;
        }

        var direction = video.Direction ?? offer.Direction ?? SdpDirection.SendRecv;
        if (direction is SdpDirection.SendOnly or SdpDirection.Inactive)
        {
            error = new SdpError(SdpErrorKind.IncompatibleDirection,
                $"offer's video is a={direction.ToString().ToLowerInvariant()}; it must be recvonly or sendrecv to receive our send-only track");
            return false;
        }

        if (!video.RtcpMux)
        {
            error = new SdpError(SdpErrorKind.NoRtcpMux, "offer's video has no a=rtcp-mux (RFC 8829 §5.2.1 requires RTP/RTCP multiplexing)");
            return false;
        }

        if (!H264PayloadSelector.TrySelect(video, parameters.SourceProfile, out var chosen, out error))
        {
            return false;
        }

        var video2 = NegotiatedVideo.Create(offer, video, chosen!, parameters);
        var dataIndex = parameters.AcceptDataChannel ? FindDataChannel(offer, bundle) : -1;
        var answer = SdpAnswerWriter.Write(offer, parameters, bundle, videoIndex, dataIndex, video2);
        SdpMediaDescription? data = dataIndex >= 0 ? offer.Media[dataIndex] : null;
        result = new NegotiatedSession
        {
            AnswerSdp = answer,
            RemoteIceUfrag = transport.Ufrag,
            RemoteIcePwd = transport.Pwd,
            RemoteFingerprint = transport.Fingerprint,
            RemoteSetup = transport.Setup,
            VideoMid = video.Mid,
            PayloadType = (byte)chosen!.PayloadType,
            OfferedProfile = chosen.Profile,
            RtxPayloadType = video2.Rtx is { } rtx ? (byte)rtx.PayloadType : null,
            RtxSsrc = video2.Rtx is null ? null : parameters.RtxSsrc,
            RtxTimeMs = video2.Rtx?.RtxTimeMs,
            MidExtensionId = video2.IdOf(RtpHeaderExtensionUris.Mid),
            PlayoutDelayExtensionId = video2.IdOf(RtpHeaderExtensionUris.PlayoutDelay),
            AbsCaptureTimeExtensionId = video2.IdOf(RtpHeaderExtensionUris.AbsCaptureTime),
            TransportWideCcExtensionId = video2.IdOf(RtpHeaderExtensionUris.TransportWideCc),
            AbsSendTimeExtensionId = video2.IdOf(RtpHeaderExtensionUris.AbsSendTime),
            RtcpReducedSize = video.RtcpRsize,
            Nack = video2.Nack,
            NackPli = video2.NackPli,
            CcmFir = video2.CcmFir,
            TransportCc = video2.TransportCc,
            DataChannelMid = data?.Mid,
            RemoteSctpPort = data is null ? null : data.SctpPort ?? 5000,
            RemoteMaxMessageSize = data is null ? null : data.MaxMessageSize ?? 65536,
        };
        error = SdpError.None;
        return true;
    }

    /// <summary>True for an m-line the offerer wants to use: non-zero port, or port 0 with a=bundle-only (RFC 8843 §6).</summary>
    internal static bool IsActive(SdpMediaDescription media) => media.Port != 0 || media.BundleOnly;

    private static string? FindDuplicateMid(SdpSession offer)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in offer.Media)
        {
            if (m.Mid is not null && !seen.Add(m.Mid))
            {
                return m.Mid;
            }
        }

        return null;
    }

    private static int FindVideo(SdpSession offer)
    {
        for (var i = 0; i < offer.Media.Count; i++)
        {
            if (offer.Media[i].Media == "video" && IsActive(offer.Media[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FindDataChannel(SdpSession offer, SdpGroup bundle)
    {
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var m = offer.Media[i];
            if (m.Media == "application" && IsActive(m)
                && string.Equals(m.Protocol, "UDP/DTLS/SCTP", StringComparison.OrdinalIgnoreCase)
                && m.Formats.Contains("webrtc-datachannel") && m.Mid is not null && bundle.Mids.Contains(m.Mid))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryGetTransport(SdpSession offer, SdpMediaDescription video, out RemoteTransport transport,
        out SdpError error)
    {
        transport = default;
        var ufrag = video.IceUfrag ?? offer.IceUfrag;
        var pwd = video.IcePwd ?? offer.IcePwd;
        if (ufrag is null || pwd is null)
        {
            error = new SdpError(SdpErrorKind.NoIceCredentials,
                $"offer has no {(ufrag is null ? "a=ice-ufrag" : "a=ice-pwd")} for the video m-line or the session");
            return false;
        }

        if (!AnswerParametersValidator.IsIceChars(ufrag, 4, 256) || !AnswerParametersValidator.IsIceChars(pwd, 22, 256))
        {
            error = new SdpError(SdpErrorKind.NoIceCredentials,
                "offer's ice-ufrag must be 4-256 and ice-pwd 22-256 characters of ALPHA / DIGIT / '+' / '/' (RFC 8839 §5.4)");
            return false;
        }

        var fingerprints = video.Fingerprints.Count > 0 ? video.Fingerprints : offer.Fingerprints;
        if (fingerprints.Count == 0)
        {
            error = new SdpError(SdpErrorKind.NoFingerprint, "offer has no a=fingerprint for the video m-line or the session");
            return false;
        }

        SdpFingerprint? chosen = null;
        foreach (var f in fingerprints)
        {
            var length = SdpFingerprint.SupportedDigestLength(f.Algorithm);
            if (length == 0)
            {
                continue;
            }

            if (f.Value.Length != length)
            {
                error = new SdpError(SdpErrorKind.UnsupportedFingerprintAlgorithm,
                    $"a=fingerprint {Excerpt(f.Algorithm)} has {f.Value.Length} bytes; it must have {length}");
                return false;
            }

            if (chosen is null || (f.Algorithm == "sha-256" && chosen.Algorithm != "sha-256"))
            {
                chosen = f;
            }
        }

        if (chosen is null)
        {
            var algorithms = string.Join(", ", fingerprints.Select(f => Excerpt(f.Algorithm)).Distinct());
            error = new SdpError(SdpErrorKind.UnsupportedFingerprintAlgorithm,
                $"offer's a=fingerprint uses {algorithms}; supported: sha-256, sha-384, sha-512");
            return false;
        }

        var setup = video.Setup ?? offer.Setup ?? SdpSetupRole.Active;
        if (setup is SdpSetupRole.Passive or SdpSetupRole.HoldConn)
        {
            error = new SdpError(SdpErrorKind.UnsupportedSetupRole,
                $"offer has a=setup:{setup.ToString().ToLowerInvariant()}; the gateway is the DTLS server and needs actpass or active");
            return false;
        }

        transport = new RemoteTransport(ufrag, pwd, chosen, setup);
        error = SdpError.None;
        return true;
    }

    internal static string Excerpt(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private readonly record struct RemoteTransport(string Ufrag, string Pwd, SdpFingerprint Fingerprint, SdpSetupRole Setup);
}
