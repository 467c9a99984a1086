namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// What the gateway brings to an answer (RFC 8829 §5.3): its ICE-lite credentials and host candidates, its DTLS certificate
/// fingerprint, the video track's SSRC/CNAME/msid and the H.264 profile of the real SPS. Validated by
/// <see cref="SdpNegotiator.TryNegotiate"/> (invalid values → <see cref="SdpErrorKind.InvalidAnswerParameters"/>).
/// </summary>
public sealed class AnswerParameters
{
    /// <summary>Our ice-ufrag: 4–256 ice-chars (ALPHA / DIGIT / "+" / "/"; RFC 8839 §5.4).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Our ice-pwd: 22–256 ice-chars (RFC 8839 §5.4); the STUN MESSAGE-INTEGRITY key.</summary>
    public required string IcePwd { get; init; }

    /// <summary>Hash function of <see cref="Fingerprint"/>: "sha-256" (default), "sha-384" or "sha-512".</summary>
    public string FingerprintAlgorithm { get; init; } = "sha-256";

    /// <summary>Digest of our DTLS certificate (DER), 32 bytes for sha-256; written upper-case colon hex (RFC 8122 §5).</summary>
    public required ReadOnlyMemory<byte> Fingerprint { get; init; }

    /// <summary>Our UDP host candidates, at least one; the first gives the answer's <c>c=</c> address and m-line port.</summary>
    public required IReadOnlyList<SdpHostCandidate> Candidates { get; init; }

    /// <summary>SSRC of the video RTP stream we send.</summary>
    public required uint VideoSsrc { get; init; }

    /// <summary>
    /// SSRC of our RTX retransmission stream (RFC 4588 §5, SSRC-multiplexed), or null to never negotiate RTX. When set and
    /// the offer has an <c>rtx/90000</c> payload type whose <c>a=fmtp</c> names the chosen H.264 payload type in
    /// <c>apt=</c>, the answer accepts it and announces <c>a=ssrc-group:FID &lt;VideoSsrc&gt; &lt;RtxSsrc&gt;</c>
    /// (RFC 5576 §4.2). Must differ from <see cref="VideoSsrc"/>.
    /// </summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>RTCP CNAME (RFC 3550 §6.5.1; RFC 7022 random 16-character recommended): 1–255 visible ASCII characters.</summary>
    public required string Cname { get; init; }

    /// <summary>MediaStream id for <c>a=msid</c> (RFC 8830 §2): 1–64 token characters.</summary>
    public required string MsidStreamId { get; init; }

    /// <summary>Track id (msid-appdata): 1–64 token characters.</summary>
    public required string MsidTrackId { get; init; }

    /// <summary>The profile-level-id of the SPS the encoder really produces (answered verbatim in <c>a=fmtp</c>).</summary>
    public required H264ProfileLevelId SourceProfile { get; init; }

    /// <summary>Accept an <c>m=application … UDP/DTLS/SCTP webrtc-datachannel</c> section (false: answer it with port 0).</summary>
    public bool AcceptDataChannel { get; init; }

    /// <summary>Our <c>a=sctp-port</c> (RFC 8841 §5), 1–65535; default 5000.</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary>Our <c>a=max-message-size</c> in bytes (RFC 8841 §6), ≥ 0; default 262144 (256 KiB, like Chrome).</summary>
    public long MaxMessageSize { get; init; } = 262144;

    /// <summary>Negotiate the playout-delay header extension when offered (default true: min=max=0 renders at once).</summary>
    public bool PlayoutDelay { get; init; } = true;

    /// <summary><c>o=</c> sess-id (RFC 8829 §5.2.1: a random 62-bit value, RFC 8866 §5.2 digits).</summary>
    public required ulong SessionId { get; init; }

    /// <summary><c>o=</c> sess-version; default 2 (RFC 8829 §5.2.2 increments it on each new description).</summary>
    public ulong SessionVersion { get; init; } = 2;
}
