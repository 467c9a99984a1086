namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// One packet reported by transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1), as
/// yielded by <see cref="RtcpTransportFeedbackEnumerator"/>.
/// </summary>
/// <param name="SequenceNumber">Transport-wide sequence number (16 bits, wraps: base sequence number + index mod 2^16).</param>
/// <param name="Symbol">Received with a small delta, with a large/negative delta, or not received.</param>
/// <param name="ReceiveDeltaTicks">Receive delta in 250 µs ticks, relative to the previous received packet of this
/// feedback (the first one: relative to the reference time); 0 when not received.</param>
/// <param name="ReceiveTimeUs">Receive time on the receiver's clock, µs: reference time × 64 ms + the sum of the deltas up
/// to this packet; only differences are meaningful. 0 when not received.</param>
public readonly record struct RtcpTransportFeedbackStatus(
    ushort SequenceNumber, RtcpPacketStatusSymbol Symbol, int ReceiveDeltaTicks, long ReceiveTimeUs)
{
    /// <summary>True unless <see cref="Symbol"/> is <see cref="RtcpPacketStatusSymbol.NotReceived"/>.</summary>
    public bool Received => Symbol != RtcpPacketStatusSymbol.NotReceived;

    /// <summary>Receive delta in µs (<see cref="ReceiveDeltaTicks"/> × 250).</summary>
    public long ReceiveDeltaUs => ReceiveDeltaTicks * (long)RtcpTransportFeedback.DeltaTickUs;
}
