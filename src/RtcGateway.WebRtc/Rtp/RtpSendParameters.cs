namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Per-viewer, per-packet RTP header inputs for <see cref="RtpPacketWriter"/>. Everything that differs between
/// viewers sending the same shared payload: SSRC, sequence number, timestamp (with the viewer's random offset),
/// extension ids and the transport-wide sequence number.
/// </summary>
public readonly record struct RtpSendParameters
{
    /// <summary>Synchronization source of this viewer's video stream.</summary>
    public required uint Ssrc { get; init; }

    /// <summary>Negotiated payload type (0–127).</summary>
    public required byte PayloadType { get; init; }

    /// <summary>RTP sequence number of this packet (per viewer, +1 per packet, wraps at 2^16).</summary>
    public required ushort SequenceNumber { get; init; }

    /// <summary>90 kHz RTP timestamp (see <see cref="RtpClock.ToRtpTimestamp"/>).</summary>
    public required uint Timestamp { get; init; }

    /// <summary>Marker bit: last packet of the access unit (RFC 6184 §5.1).</summary>
    public bool Marker { get; init; }

    /// <summary>First packet of the access unit: abs-capture-time and playout-delay are written on it.</summary>
    public bool FirstPacketOfFrame { get; init; }

    /// <summary>Capture wall-clock time of the access unit in Unix µs (abs-capture-time source).</summary>
    public long CaptureTimeUs { get; init; }

    /// <summary>Send wall-clock time in Unix µs (abs-send-time source; ignored when that extension is not negotiated).</summary>
    public long SendTimeUs { get; init; }

    /// <summary>Transport-wide sequence number (per viewer transport, +1 per new packet: media and RTX; a byte-identical
    /// resend repeats its original's number).</summary>
    public ushort TransportSequenceNumber { get; init; }

    /// <summary>Playout delay written on the first packet of every frame; default min = max = 0.</summary>
    public PlayoutDelay PlayoutDelay { get; init; }

    /// <summary>Negotiated extension ids (null means <see cref="RtpHeaderExtensionIds.None"/>).</summary>
    public RtpHeaderExtensionIds? Extensions { get; init; }
}
