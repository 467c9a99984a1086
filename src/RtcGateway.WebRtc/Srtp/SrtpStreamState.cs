namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// Per-SSRC cryptographic state (RFC 3711 §3.2.1): for SRTP the highest packet index (ROC · 2^16 + SEQ)
/// seen or sent plus the replay window; for SRTCP the next index to send or the received window.
/// </summary>
internal struct SrtpStreamState
{
    public uint Ssrc;

    /// <summary>SRTP: highest index (48 bits) and replay list; on the sending side only Started/Highest are used.</summary>
    public SrtpReplayWindow Rtp;

    /// <summary>SRTCP receive replay list over the 31-bit SRTCP index.</summary>
    public SrtpReplayWindow Rtcp;

    /// <summary>SRTCP index of the next packet we send (RFC 3711 §3.4: starts at 0, +1 per packet).</summary>
    public uint NextSrtcpIndex;
}
