namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// One media description (RFC 8866 §5.14): the <c>m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; …</c>
/// line and the lines that follow it up to the next <c>m=</c>. Known attributes are parsed into typed properties (absent →
/// null / false / empty list); every <c>a=</c> line, known or not, is also in <see cref="Attributes"/> in order.
/// </summary>
public sealed class SdpMediaDescription
{
    /// <summary>Media type as written: "video", "audio", "application", …</summary>
    public required string Media { get; init; }

    /// <summary>Transport port 0–65535 (0 = rejected, or bundle-only when <see cref="BundleOnly"/>; 9 = discard, used by browsers).</summary>
    public required int Port { get; init; }

    /// <summary>The "/&lt;number of ports&gt;" suffix of the port, or null.</summary>
    public int? PortCount { get; init; }

    /// <summary>Transport protocol as written, e.g. "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP".</summary>
    public required string Protocol { get; init; }

    /// <summary>Media formats (payload type numbers for RTP; "webrtc-datachannel" for SCTP), at least one.</summary>
    public required IReadOnlyList<string> Formats { get; init; }

    /// <summary>The media-level <c>c=</c> line, or null.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary><c>a=mid</c> (RFC 5888 §4), or null.</summary>
    public string? Mid { get; init; }

    /// <summary><c>a=ice-ufrag</c> (RFC 8839 §5.4), or null.</summary>
    public string? IceUfrag { get; init; }

    /// <summary><c>a=ice-pwd</c> (RFC 8839 §5.4), or null.</summary>
    public string? IcePwd { get; init; }

    /// <summary><c>a=ice-options</c> tokens (RFC 8839 §5.6), e.g. "trickle".</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = [];

    /// <summary><c>a=fingerprint</c> lines (RFC 8122 §5), in order.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints { get; init; } = [];

    /// <summary><c>a=setup</c> (RFC 8842 §5.1), or null when absent.</summary>
    public SdpSetupRole? Setup { get; init; }

    /// <summary>The last direction attribute (<c>a=sendrecv|sendonly|recvonly|inactive</c>), or null when absent (then the
    /// session-level one, else sendrecv, applies: RFC 8866 §6.7).</summary>
    public SdpDirection? Direction { get; init; }

    /// <summary><c>a=rtcp-mux</c> present (RFC 5761 §5.1.3).</summary>
    public bool RtcpMux { get; init; }

    /// <summary><c>a=rtcp-rsize</c> present (RFC 5506 §5).</summary>
    public bool RtcpRsize { get; init; }

    /// <summary><c>a=bundle-only</c> present (RFC 8843 §6).</summary>
    public bool BundleOnly { get; init; }

    /// <summary><c>a=rtpmap</c> lines, in order.</summary>
    public IReadOnlyList<SdpRtpMap> RtpMaps { get; init; } = [];

    /// <summary><c>a=fmtp</c> lines, in order.</summary>
    public IReadOnlyList<SdpFmtp> Fmtps { get; init; } = [];

    /// <summary><c>a=rtcp-fb</c> lines, in order.</summary>
    public IReadOnlyList<SdpRtcpFeedback> RtcpFeedback { get; init; } = [];

    /// <summary><c>a=extmap</c> lines, in order.</summary>
    public IReadOnlyList<SdpExtMap> ExtMaps { get; init; } = [];

    /// <summary><c>a=sctp-port</c> (RFC 8841 §5), or null.</summary>
    public int? SctpPort { get; init; }

    /// <summary><c>a=max-message-size</c> in bytes (RFC 8841 §6; 0 = no limit), or null when absent (then 64 KiB applies).</summary>
    public long? MaxMessageSize { get; init; }

    /// <summary><c>a=candidate</c> lines (RFC 8839 §5.1), in order.</summary>
    public IReadOnlyList<SdpCandidate> Candidates { get; init; } = [];

    /// <summary><c>a=end-of-candidates</c> present (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary><c>a=msid</c> lines (RFC 8830 §2).</summary>
    public IReadOnlyList<SdpMsid> Msids { get; init; } = [];

    /// <summary><c>a=ssrc</c> lines (RFC 5576 §4.1).</summary>
    public IReadOnlyList<SdpSsrcAttribute> Ssrcs { get; init; } = [];

    /// <summary>Every <c>a=</c> line of this media description, in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    /// <summary>The <c>a=rtpmap</c> for a payload type, or null.</summary>
    /// <param name="payloadType">RTP payload type.</param>
    /// <returns>The first matching rtpmap or null.</returns>
    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (var map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The <c>a=fmtp</c> for a format (payload type digits), or null.</summary>
    /// <param name="format">Format as in the m-line.</param>
    /// <returns>The first matching fmtp or null.</returns>
    public SdpFmtp? FindFmtp(string format)
    {
        foreach (var fmtp in Fmtps)
        {
            if (fmtp.Format == format)
            {
                return fmtp;
            }
        }

        return null;
    }
}
