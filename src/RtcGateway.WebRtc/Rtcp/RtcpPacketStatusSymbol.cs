namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Packet status symbol of transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1): the
/// 2-bit values carried by run-length and status-vector chunks. The value 11 is reserved and rejected by the parser.
/// </summary>
public enum RtcpPacketStatusSymbol : byte
{
    /// <summary>00: packet not received (no receive delta follows).</summary>
    NotReceived = 0,

    /// <summary>01: packet received, small delta (one unsigned byte, 0–255 × 250 µs).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>10: packet received, large or negative delta (two bytes, signed, × 250 µs).</summary>
    ReceivedLargeOrNegativeDelta = 2,
}
