using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Rtcp;

/// <summary>
/// Round-trip time from a reception report block (RFC 3550 §6.4.1): RTT = A − LSR − DLSR, where A is the middle
/// 32 bits of the NTP arrival time of the report; all three in units of 1/65,536 s, modulo 2^32.
/// </summary>
public static class RttCalculator
{
    /// <summary>
    /// Computes the RTT in ms. False when the block has no LSR (0: no SR received yet) or the result is negative
    /// (the report predates its LSR, i.e. a bogus block or a clock jump).
    /// </summary>
    /// <param name="block">Report block about our SSRC from an RR or SR.</param>
    /// <param name="arrivalUnixUs">Arrival time of the RTCP packet in Unix µs (the clock our SR NTP times use).</param>
    /// <param name="rttMs">RTT in milliseconds (resolution 1/65.536 ms).</param>
    public static bool TryCalculate(in RtcpReportBlock block, long arrivalUnixUs, out double rttMs)
    {
        rttMs = 0;
        if (block.LastSenderReport == 0)
        {
            return false;
        }

        uint arrival = NtpTimestamp.FromUnixMicroseconds(arrivalUnixUs).Middle32;
        int rtt = unchecked((int)(arrival - block.LastSenderReport - block.DelaySinceLastSenderReport));
        if (rtt < 0)
        {
            return false;
        }

        rttMs = rtt * 1000.0 / 65536.0;
        return true;
    }
}
