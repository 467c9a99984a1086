using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Writes a transport-wide feedback packet (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1),
/// for tests and test receivers. Chunk choice: a run-length chunk for a run of 14 or more equal symbols (or a run that
/// ends the packet), else a one-bit status vector when the next 14 symbols have no large delta, else a two-bit status
/// vector of 7 symbols. Zero padding to 32 bits.
/// </summary>
public static class RtcpTransportFeedbackWriter
{
    /// <summary>Size in bytes of the whole RTCP packet (common header included, padded to 32 bits) for these symbols.</summary>
    /// <exception cref="ArgumentOutOfRangeException">more than 65,535 symbols.</exception>
    public static int GetSize(ReadOnlySpan<RtcpPacketStatusSymbol> symbols)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(symbols.Length, ushort.MaxValue, nameof(symbols));
        int chunks = 0;
        int deltaBytes = 0;
        for (int i = 0; i < symbols.Length;)
        {
            i += NextChunk(symbols, i, out _);
            chunks++;
        }

        foreach (RtcpPacketStatusSymbol symbol in symbols)
        {
            deltaBytes += symbol == RtcpPacketStatusSymbol.ReceivedSmallDelta ? 1 : symbol == RtcpPacketStatusSymbol.ReceivedLargeOrNegativeDelta ? 2 : 0;
        }

        return (4 + RtcpTransportFeedback.FixedSize + (2 * chunks) + deltaBytes + 3) & ~3;
    }

    /// <summary>Writes the packet and returns its length (<see cref="GetSize"/>).</summary>
    /// <param name="destination">Buffer of at least <see cref="GetSize"/> bytes.</param>
    /// <param name="senderSsrc">SSRC of the packet sender (the receiver of the media).</param>
    /// <param name="mediaSsrc">SSRC of the media source.</param>
    /// <param name="baseSequenceNumber">Transport-wide sequence number of symbols[0].</param>
    /// <param name="referenceTime">Reference time in 64 ms units; written as its low 24 bits.</param>
    /// <param name="feedbackPacketCount">Feedback packet counter.</param>
    /// <param name="symbols">One status symbol per packet from the base sequence number on (1–65,535 of them).</param>
    /// <param name="receiveDeltaTicks">One receive delta per received symbol, in order, 250 µs ticks: 0–255 for a small
    /// delta, −32,768–32,767 for a large one.</param>
    /// <exception cref="ArgumentException">destination too short, delta count differs from the received symbols, a delta
    /// out of its symbol's range, or an undefined symbol.</exception>
    public static int WriteTo(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber, int referenceTime,
        byte feedbackPacketCount, ReadOnlySpan<RtcpPacketStatusSymbol> symbols, ReadOnlySpan<int> receiveDeltaTicks)
    {
        int size = GetSize(symbols);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the transport-wide feedback.", nameof(destination));
        }

        RtcpSenderReportWriter.WriteHeader(destination, 15, (byte)RtcpPacketType.TransportLayerFeedback, size);
        Span<byte> body = destination.Slice(4, size - 4);
        body.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(body, senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(4), mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(body.Slice(8), baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(body.Slice(10), (ushort)symbols.Length);
        body[12] = (byte)(referenceTime >> 16);
        body[13] = (byte)(referenceTime >> 8);
        body[14] = (byte)referenceTime;
        body[15] = feedbackPacketCount;
        int offset = RtcpTransportFeedback.FixedSize;
        for (int i = 0; i < symbols.Length;)
        {
            i += NextChunk(symbols, i, out ushort chunk);
            BinaryPrimitives.WriteUInt16BigEndian(body.Slice(offset), chunk);
            offset += 2;
        }

        int delta = 0;
        foreach (RtcpPacketStatusSymbol symbol in symbols)
        {
            if (symbol == RtcpPacketStatusSymbol.NotReceived)
            {
                continue;
            }

            if (delta >= receiveDeltaTicks.Length)
            {
                throw new ArgumentException("Fewer receive deltas than received symbols.", nameof(receiveDeltaTicks));
            }

            int ticks = receiveDeltaTicks[delta++];
            if (symbol == RtcpPacketStatusSymbol.ReceivedSmallDelta)
            {
                if (ticks is < 0 or > 255)
                {
                    throw new ArgumentException($"Small delta {ticks} outside 0–255.", nameof(receiveDeltaTicks));
                }

                body[offset++] = (byte)ticks;
            }
            else
            {
                if (ticks is < short.MinValue or > short.MaxValue)
                {
                    throw new ArgumentException($"Large delta {ticks} outside the signed 16-bit range.", nameof(receiveDeltaTicks));
                }

                BinaryPrimitives.WriteInt16BigEndian(body.Slice(offset), (short)ticks);
                offset += 2;
            }
        }

        if (delta != receiveDeltaTicks.Length)
        {
            throw new ArgumentException("More receive deltas than received symbols.", nameof(receiveDeltaTicks));
        }

        return size;
    }

    /// <summary>The symbol for a receive delta: small when it fits one unsigned byte, else large.</summary>
    public static RtcpPacketStatusSymbol SymbolForDelta(int receiveDeltaTicks) =>
        receiveDeltaTicks is >= 0 and <= 255 ? RtcpPacketStatusSymbol.ReceivedSmallDelta : RtcpPacketStatusSymbol.ReceivedLargeOrNegativeDelta;

    private static int NextChunk(ReadOnlySpan<RtcpPacketStatusSymbol> symbols, int start, out ushort chunk)
    {
        int remaining = symbols.Length - start;
        RtcpPacketStatusSymbol first = symbols[start];
        if (first is not (RtcpPacketStatusSymbol.NotReceived or RtcpPacketStatusSymbol.ReceivedSmallDelta or RtcpPacketStatusSymbol.ReceivedLargeOrNegativeDelta))
        {
            throw new ArgumentException($"Undefined status symbol {first}.", nameof(symbols));
        }

        int run = 1;
        while (run < remaining && run < 0x1FFF && symbols[start + run] == first)
        {
            run++;
        }

        if (run >= 14 || run == remaining)
        {
            chunk = (ushort)(((int)first << 13) | run);
            return run;
        }

        int take = Math.Min(14, remaining);
        bool oneBit = true;
        for (int i = 0; i < take; i++)
        {
            oneBit &= symbols[start + i] != RtcpPacketStatusSymbol.ReceivedLargeOrNegativeDelta;
        }

        int value;
        if (oneBit)
        {
            value = 0x8000;
            for (int i = 0; i < take; i++)
            {
                value |= (symbols[start + i] == RtcpPacketStatusSymbol.ReceivedSmallDelta ? 1 : 0) << (13 - i);
            }

            chunk = (ushort)value;
            return take;
        }

        take = Math.Min(7, remaining);
        value = 0xC000;
        for (int i = 0; i < take; i++)
        {
            RtcpPacketStatusSymbol symbol = symbols[start + i];
            if (symbol is not (RtcpPacketStatusSymbol.NotReceived or RtcpPacketStatusSymbol.ReceivedSmallDelta or RtcpPacketStatusSymbol.ReceivedLargeOrNegativeDelta))
            {
                throw new ArgumentException($"Undefined status symbol {symbol}.", nameof(symbols));
            }

            value |= (int)symbol << (12 - (2 * i));
        }

        chunk = (ushort)value;
        return take;
    }
}
