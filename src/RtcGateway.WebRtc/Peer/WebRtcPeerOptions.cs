using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Peer;

/// <summary>Per-peer settings of a <see cref="WebRtcPeer"/> (those that come from our side, not from the offer).</summary>
public sealed class WebRtcPeerOptions
{
    /// <summary>Our ICE username fragment (RFC 8445 §5.3), as announced in the answer.</summary>
    public required string LocalUfrag { get; init; }

    /// <summary>Our ICE password, as announced in the answer; the MESSAGE-INTEGRITY key of checks (RFC 8489 §9.1).</summary>
    public required string LocalPwd { get; init; }

    /// <summary>The process's DTLS certificate (its fingerprint is in the answer).</summary>
    public required DtlsCertificate Certificate { get; init; }

    /// <summary>The SSRC of our video stream (as announced in the answer's <c>a=ssrc</c>).</summary>
    public required uint VideoSsrc { get; init; }

    /// <summary>The RTCP CNAME (RFC 3550 §6.5.1), as announced in the answer.</summary>
    public required string Cname { get; init; }

    /// <summary>Close when ICE consent checks (RFC 7675) stop for this long, ms. Default 15000.</summary>
    public long ConsentTimeoutMs { get; init; } = 15_000;

    /// <summary>Close when no ICE check succeeds within this time after creation, ms. Default 30000.</summary>
    public long ConnectTimeoutMs { get; init; } = 30_000;

    /// <summary>DTLS handshake timeout. Default 10 s.</summary>
    public TimeSpan DtlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shared reused threads for DTLS handshakes (owned by the caller); null starts one new thread per handshake.</summary>
    public DtlsEngineThreads? DtlsEngineThreads { get; init; }

    /// <summary>Interval of RTCP sender reports (RFC 3550 §6.2), ms. Default 1000.</summary>
    public long SenderReportIntervalMs { get; init; } = 1000;

    /// <summary>Random offset added to RTP timestamps (RFC 3550 §5.1); chosen by the driver.</summary>
    public uint RtpTimestampOffset { get; init; }

    /// <summary>First RTP sequence number (RFC 3550 §5.1: random); chosen by the driver.</summary>
    public ushort InitialSequenceNumber { get; init; }

    /// <summary>First sequence number of the RTX stream (RFC 4588 §4: its own sequence space, starting at a random value);
    /// chosen by the driver. Used only when the negotiation accepted RTX (<see cref="Sdp.NegotiatedSession.RtxPayloadType"/>;
    /// the RTX SSRC is <see cref="Sdp.NegotiatedSession.RtxSsrc"/>, the one the answer announced).</summary>
    public ushort InitialRtxSequenceNumber { get; init; }

    /// <summary>First transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): one counter per
    /// peer, +1 for every new packet that carries the extension (media, RTX); default 0.</summary>
    public ushort InitialTransportSequenceNumber { get; init; }

    /// <summary>Told about every packet sent with a transport-wide sequence number (for congestion control); null (default)
    /// = nobody. See <see cref="IPacketSendObserver"/>.</summary>
    public IPacketSendObserver? PacketSendObserver { get; init; }

    /// <summary>Largest data channel message we accept, bytes; announced as <c>a=max-message-size</c> (RFC 8841 §6). Default 262144.</summary>
    public long MaxMessageSize { get; init; } = 262_144;
}
