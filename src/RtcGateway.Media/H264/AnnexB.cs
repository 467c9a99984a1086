namespace RtcGateway.Media.H264;

/// <summary>
/// The H.264 byte-stream format (ITU-T H.264 Annex B): NAL units each preceded by a start code <c>00 00 01</c>
/// (optionally with a leading <c>zero_byte</c>, i.e. <c>00 00 00 01</c>), possibly followed by <c>trailing_zero_8bits</c>.
/// </summary>
public static class AnnexB
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    /// <summary>
    /// Splits an Annex-B byte stream into NAL units (slices of <paramref name="data"/>, no copies), each starting with its
    /// one-byte NAL unit header and with start codes and trailing zero bytes removed (Annex B.2). Bytes before the first start
    /// code and empty NAL units are skipped. Never throws.
    /// </summary>
    /// <param name="data">The byte stream (e.g. one access unit from the encoder).</param>
    /// <returns>A new list of the NAL units in stream order (empty when there is no start code).</returns>
    public static List<ReadOnlyMemory<byte>> SplitNalUnits(ReadOnlyMemory<byte> data)
    {
        var list = new List<ReadOnlyMemory<byte>>(8);
        SplitNalUnits(data, list);
        return list;
    }

    /// <summary>As <see cref="SplitNalUnits(ReadOnlyMemory{byte})"/>, appending to a caller-owned list (no allocation when it has capacity).</summary>
    /// <param name="data">The byte stream.</param>
    /// <param name="destination">Receives the NAL units.</param>
    /// <returns>The number of NAL units appended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    public static int SplitNalUnits(ReadOnlyMemory<byte> data, List<ReadOnlyMemory<byte>> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ReadOnlySpan<byte> span = data.Span;
        int added = 0;
        int sc = span.IndexOf(StartCode);
        while (sc >= 0)
        {
            int start = sc + 3;
            int next = span[start..].IndexOf(StartCode);
            int end = next < 0 ? span.Length : start + next;
            int trimmed = end;
            while (trimmed > start && span[trimmed - 1] == 0)
            {
                trimmed--;
            }

            if (trimmed > start)
            {
                destination.Add(data[start..trimmed]);
                added++;
            }

            sc = next < 0 ? -1 : end;
        }

        return added;
    }

    /// <summary>nal_unit_type of a NAL unit (low five bits of its first byte, §7.3.1); <see cref="NalUnitType.Unspecified"/> when empty.</summary>
    /// <param name="nal">A NAL unit starting with its header byte.</param>
    public static NalUnitType GetNalUnitType(ReadOnlySpan<byte> nal) => nal.IsEmpty ? NalUnitType.Unspecified : (NalUnitType)(nal[0] & 0x1F);

    /// <summary>
    /// Removes emulation_prevention_three_byte (§7.4.1: every <c>03</c> that follows <c>00 00</c>) from <paramref name="nal"/>,
    /// writing the RBSP into <paramref name="destination"/>. Never throws.
    /// </summary>
    /// <param name="nal">NAL unit bytes (header included or not).</param>
    /// <param name="destination">At least <c>nal.Length</c> bytes; only the written prefix is meaningful.</param>
    /// <returns>The number of bytes written, or -1 when <paramref name="destination"/> is too small.</returns>
    public static int RemoveEmulationPrevention(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        int w = 0;
        int zeros = 0;
        foreach (byte b in nal)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            if (w >= destination.Length)
            {
                return -1;
            }

            destination[w++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return w;
    }
}
