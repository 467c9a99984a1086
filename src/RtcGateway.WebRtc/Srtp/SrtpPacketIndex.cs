namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// Packet index estimation of RFC 3711 §3.3.1 (and its Appendix A): the 48-bit index i = 2^16 · ROC + SEQ
/// is guessed from the highest index seen so far, s_l and ROC, choosing ROC − 1, ROC or ROC + 1.
/// </summary>
internal static class SrtpPacketIndex
{
    /// <summary>Estimates the index of <paramref name="sequenceNumber"/> relative to <paramref name="highestIndex"/>.</summary>
    /// <returns>False when the estimate is outside 0 ≤ ROC ≤ 2^32 − 1.</returns>
    public static bool TryEstimate(ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        long roc = (long)(highestIndex >> 16);
        int sl = (int)(highestIndex & 0xFFFF);
        int seq = sequenceNumber;
        long v;
        if (sl < 32768)
        {
            v = seq - sl > 32768 ? roc - 1 : roc;
        }
        else
        {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }

        if (v < 0 || v > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)v << 16) | (uint)seq;
        return true;
    }
}
