using RtcGateway.WebRtc.Rtp;
namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// The outcome of <see cref="SdpNegotiator.TryNegotiate"/>: the answer SDP text and everything the peer connection needs from
/// the offer (remote ICE credentials, DTLS fingerprint and role, the chosen H.264 payload type, header extension ids, RTCP
/// feedback, data channel parameters).
/// </summary>
public sealed class NegotiatedSession
{
    /// <summary>The answer (RFC 8829 §5.3), CRLF line ends, to return to the offerer.</summary>
    public required string AnswerSdp { get; init; }

    /// <summary>Remote ice-ufrag (media level, else session level): the second part of incoming STUN USERNAME "ours:theirs".</summary>
    public required string RemoteIceUfrag { get; init; }

    /// <summary>Remote ice-pwd (media level, else session level).</summary>
    public required string RemoteIcePwd { get; init; }

    /// <summary>The remote certificate fingerprint to check after the DTLS handshake: sha-256 when offered, else sha-384/512.</summary>
    public required SdpFingerprint RemoteFingerprint { get; init; }

    /// <summary>Remote <c>a=setup</c>: <see cref="SdpSetupRole.ActPass"/> or <see cref="SdpSetupRole.Active"/> (absent =
    /// Active, RFC 4145 §4). We are always the DTLS server.</summary>
    public required SdpSetupRole RemoteSetup { get; init; }

    /// <summary>The mid of the video m-line we send on.</summary>
    public required string VideoMid { get; init; }

    /// <summary>Chosen H.264 RTP payload type (0–127).</summary>
    public required byte PayloadType { get; init; }

    /// <summary>RTP clock rate of <see cref="PayloadType"/>: 90000 Hz.</summary>
    public int ClockRate { get; init; } = 90000;

    /// <summary>The profile-level-id the offer gave for <see cref="PayloadType"/> (what the receiver declared).</summary>
    public required H264ProfileLevelId OfferedProfile { get; init; }

    /// <summary>The offer's <c>rtx/90000</c> payload type whose <c>apt=</c> is <see cref="PayloadType"/> (RFC 4588 §8.6), when the
    /// answer accepted it (<see cref="AnswerParameters.RtxSsrc"/> was set); null: NACKed packets are re-sent as they were.</summary>
    public byte? RtxPayloadType { get; init; }

    /// <summary>SSRC of the RTX stream announced in the answer's <c>a=ssrc-group:FID</c> (RFC 5576 §4.2); set exactly when
    /// <see cref="RtxPayloadType"/> is.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>The <c>rtx-time</c> the answer gave (RFC 4588 §8.6: how long, ms, the sender keeps packets for retransmission):
    /// the offer's value capped at our 1,000 ms history, or null when the offer had none.</summary>
    public int? RtxTimeMs { get; init; }

    /// <summary>One-byte header extension id (1–14) for <see cref="RtpHeaderExtensionUris.Mid"/>, or null.</summary>
    public byte? MidExtensionId { get; init; }

    /// <summary>Id for <see cref="RtpHeaderExtensionUris.PlayoutDelay"/>, or null (also null when not wanted).</summary>
    public byte? PlayoutDelayExtensionId { get; init; }

    /// <summary>Id for <see cref="RtpHeaderExtensionUris.AbsCaptureTime"/>, or null.</summary>
    public byte? AbsCaptureTimeExtensionId { get; init; }

    /// <summary>Id for <see cref="RtpHeaderExtensionUris.TransportWideCc"/>, or null.</summary>
    public byte? TransportWideCcExtensionId { get; init; }

    /// <summary>Id for <see cref="RtpHeaderExtensionUris.AbsSendTime"/>, or null.</summary>
    public byte? AbsSendTimeExtensionId { get; init; }

    /// <summary>Offer has <c>a=rtcp-rsize</c> (reduced-size RTCP, RFC 5506) and the answer repeats it.</summary>
    public bool RtcpReducedSize { get; init; }

    /// <summary><c>a=rtcp-fb:PT nack</c> offered (generic NACK, RFC 4585 §6.2.1).</summary>
    public bool Nack { get; init; }

    /// <summary><c>a=rtcp-fb:PT nack pli</c> offered (RFC 4585 §6.3.1).</summary>
    public bool NackPli { get; init; }

    /// <summary><c>a=rtcp-fb:PT ccm fir</c> offered (RFC 5104 §7.1).</summary>
    public bool CcmFir { get; init; }

    /// <summary><c>a=rtcp-fb:PT transport-cc</c> offered.</summary>
    public bool TransportCc { get; init; }

    /// <summary>mid of the accepted data channel m-line, or null when absent or rejected.</summary>
    public string? DataChannelMid { get; init; }

    /// <summary>Remote <c>a=sctp-port</c> (default 5000 when absent), or null when no data channel was accepted.</summary>
    public int? RemoteSctpPort { get; init; }

    /// <summary>Remote <c>a=max-message-size</c> in bytes (65536 when absent, RFC 8841 §6.1; 0 = unlimited), or null when no
    /// data channel was accepted.</summary>
    public long? RemoteMaxMessageSize { get; init; }
}
