using RtcGateway.WebRtc.Rtcp;

namespace RtcGateway.WebRtc.Tests.Bwe;

/// <summary>Builds transport-wide feedback like a receiver would: arrival times (µs, receiver clock) quantised to 250 µs
/// ticks from a 64 ms reference time; null = not received. Without a reference time it is the first arrival's 64 ms
/// unit; with one, the arrivals are relative to it.</summary>
internal static class TransportFeedbackBuilder
{
    public static byte[] Build(ushort baseSequence, long?[] arrivalsUs, byte feedbackCount = 0, int? referenceTime = null)
    {
        long firstArrival = arrivalsUs.FirstOrDefault(a => a.HasValue) ?? 0;
        int reference = referenceTime ?? (int)(firstArrival / 64_000);
        var symbols = new RtcpPacketStatusSymbol[arrivalsUs.Length];
        var deltas = new List<int>();
        long baseUs = referenceTime.HasValue ? 0 : reference * 64_000L;
        long previousTicks = 0;
        for (int i = 0; i < arrivalsUs.Length; i++)
        {
            if (arrivalsUs[i] is not long arrival)
            {
                continue;
            }

            long ticks = (arrival - baseUs) / 250;
            // A delta beyond the signed 16-bit range cannot be sent; clamp it (the arrival is then reported off by the excess).
            int delta = (int)Math.Clamp(ticks - previousTicks, short.MinValue, short.MaxValue);
            previousTicks += delta;
            symbols[i] = RtcpTransportFeedbackWriter.SymbolForDelta(delta);
            deltas.Add(delta);
        }

        var buffer = new byte[RtcpTransportFeedbackWriter.GetSize(symbols)];
        RtcpTransportFeedbackWriter.WriteTo(buffer, 1, 2, baseSequence, reference & 0xFF_FFFF, feedbackCount, symbols, deltas.ToArray());
        return buffer;
    }

    /// <summary>The feedback body (after the RTCP common header), as <see cref="RtcpPacket.Body"/> gives it.</summary>
    public static ReadOnlySpan<byte> Body(byte[] packet) => packet.AsSpan(4);
}
