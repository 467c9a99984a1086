namespace RtcGateway.Media.H264;

/// <summary>
/// The first fields of a slice header (ITU-T H.264 §7.3.3): first_mb_in_slice and slice_type.
/// </summary>
public static class H264SliceHeader
{
    /// <summary>slice_type % 5 of a P slice (Table 7-6).</summary>
    public const int P = 0;

    /// <summary>slice_type % 5 of a B slice.</summary>
    public const int B = 1;

    /// <summary>slice_type % 5 of an I slice.</summary>
    public const int I = 2;

    /// <summary>slice_type % 5 of an SP slice.</summary>
    public const int SP = 3;

    /// <summary>slice_type % 5 of an SI slice.</summary>
    public const int SI = 4;

    /// <summary>
    /// Reads slice_type (0..9; values 5..9 mean every slice of the picture has type slice_type − 5) from a slice NAL unit
    /// (header byte first; nal_unit_type 1, 2 or 5; emulation prevention bytes included). Never throws.
    /// </summary>
    /// <param name="nal">The NAL unit.</param>
    /// <param name="sliceType">slice_type, or -1 on failure.</param>
    /// <returns>False when the NAL unit is not a slice, is truncated, or slice_type &gt; 9.</returns>
    public static bool TryReadSliceType(ReadOnlySpan<byte> nal, out int sliceType) => TryRead(nal, out _, out sliceType);

    /// <summary>Reads first_mb_in_slice and slice_type (see <see cref="TryReadSliceType"/>). Never throws.</summary>
    /// <param name="nal">The NAL unit.</param>
    /// <param name="firstMbInSlice">first_mb_in_slice (0 for the first slice of a picture), or -1 on failure.</param>
    /// <param name="sliceType">slice_type 0..9, or -1 on failure.</param>
    /// <returns>True on success.</returns>
    public static bool TryRead(ReadOnlySpan<byte> nal, out int firstMbInSlice, out int sliceType)
    {
        firstMbInSlice = -1;
        sliceType = -1;
        if (nal.Length < 2 || (nal[0] & 0x80) != 0 ||
            AnnexB.GetNalUnitType(nal) is not (NalUnitType.NonIdrSlice or NalUnitType.SliceDataPartitionA or NalUnitType.IdrSlice))
        {
            return false;
        }

        // Two ue(v) of at most 63 bits each fit in 16 RBSP bytes; 24 escaped bytes always yield at least 16.
        Span<byte> rbsp = stackalloc byte[24];
        ReadOnlySpan<byte> payload = nal[1..];
        int n = AnnexB.RemoveEmulationPrevention(payload[..Math.Min(payload.Length, 24)], rbsp);
        return n > 0 && TryReadRbsp(rbsp[..n], out firstMbInSlice, out sliceType);
    }

    private static bool TryReadRbsp(ReadOnlySpan<byte> rbsp, out int firstMbInSlice, out int sliceType)
    {
        var r = new RbspBitReader(rbsp);
        uint first = r.ReadUe();
        uint type = r.ReadUe();
        if (r.Failed || type > 9)
        {
            firstMbInSlice = -1;
            sliceType = -1;
            return false;
        }

        firstMbInSlice = (int)first;
        sliceType = (int)type;
        return true;
    }
}
