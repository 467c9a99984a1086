namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Priority class of a packet in the <see cref="PacedSender"/>: a lower value leaves first; FIFO within a class.
/// Retransmissions first (a NACKed packet is already late), then audio, then video, padding last.
/// </summary>
public enum PacingPriority
{
    /// <summary>A retransmission (NACK answer, RFC 4585 §6.2.1; plain or RTX, RFC 4588).</summary>
    Retransmission = 0,

    /// <summary>Audio media.</summary>
    Audio = 1,

    /// <summary>Video media.</summary>
    Video = 2,

    /// <summary>Padding or probe-only packets the driver made because <see cref="PacedSender.GetPaddingBytesWanted"/> asked.</summary>
    Padding = 3,
}
