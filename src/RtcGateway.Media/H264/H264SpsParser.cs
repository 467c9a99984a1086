using System.Buffers;

namespace RtcGateway.Media.H264;

/// <summary>
/// Parses the fields of a sequence parameter set that signalling needs (ITU-T H.264 §7.3.2.1.1 seq_parameter_set_data,
/// semantics §7.4.2.1.1): profile/constraint/level bytes and the cropped picture size.
/// </summary>
public static class H264SpsParser
{
    /// <summary>Largest accepted picture dimension in macroblocks (8192 pixels, above every H.264 level's limit).</summary>
    private const uint MaxDimensionInMbs = 512;

    /// <summary>
    /// Parses an SPS NAL unit (header byte of type 7 first, emulation prevention bytes included, no start code).
    /// Handles the high-profile chroma/bit-depth/scaling-list fields, all pic_order_cnt_type values, frame_mbs_only_flag
    /// (field coding doubles the map-unit height) and frame cropping (CropUnitX/Y per Table 6-1). Never throws.
    /// </summary>
    /// <param name="spsNal">The NAL unit.</param>
    /// <param name="info">The parsed facts; null on failure.</param>
    /// <returns>False when the NAL unit is not an SPS, is truncated, or a field is out of its §7.4.2.1.1 range.</returns>
    public static bool TryParse(ReadOnlySpan<byte> spsNal, out H264SpsInfo? info)
    {
        info = null;
        if (spsNal.Length < 4 || (spsNal[0] & 0x80) != 0 || AnnexB.GetNalUnitType(spsNal) != NalUnitType.Sps)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = spsNal[1..];
        byte[]? rented = null;
        Span<byte> rbsp = payload.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(payload.Length));
        try
        {
            int n = AnnexB.RemoveEmulationPrevention(payload, rbsp);
            return n >= 3 && TryParseRbsp(rbsp[..n], out info);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryParseRbsp(ReadOnlySpan<byte> rbsp, out H264SpsInfo? info)
    {
        info = null;
        var r = new RbspBitReader(rbsp);
        byte profileIdc = (byte)r.ReadBits(8);
        byte constraints = (byte)r.ReadBits(8);
        byte levelIdc = (byte)r.ReadBits(8);
        if (r.ReadUe() > 31)
        {
            return false; // seq_parameter_set_id 0..31
        }

        uint chromaFormatIdc = 1; // inferred 4:2:0 when absent
        bool separateColourPlane = false;
        if (profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormatIdc = r.ReadUe();
            if (chromaFormatIdc > 3)
            {
                return false;
            }

            if (chromaFormatIdc == 3)
            {
                separateColourPlane = r.ReadFlag();
            }

            if (r.ReadUe() > 6 || r.ReadUe() > 6)
            {
                return false; // bit_depth_luma_minus8, bit_depth_chroma_minus8: 0..6
            }

            r.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadFlag())
            {
                // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists && !r.Failed; i++)
                {
                    if (r.ReadFlag() && !SkipScalingList(ref r, i < 6 ? 16 : 64))
                    {
                        return false;
                    }
                }
            }
        }

        if (r.ReadUe() > 12)
        {
            return false; // log2_max_frame_num_minus4 0..12
        }

        uint pocType = r.ReadUe();
        if (pocType == 0)
        {
            if (r.ReadUe() > 12)
            {
                return false; // log2_max_pic_order_cnt_lsb_minus4
            }
        }
        else if (pocType == 1)
        {
            r.ReadFlag(); // delta_pic_order_always_zero_flag
            r.ReadSe(); // offset_for_non_ref_pic
            r.ReadSe(); // offset_for_top_to_bottom_field
            uint cycle = r.ReadUe();
            if (cycle > 255)
            {
                return false;
            }

            for (uint i = 0; i < cycle && !r.Failed; i++)
            {
                r.ReadSe(); // offset_for_ref_frame[i]
            }
        }
        else if (pocType != 2)
        {
            return false;
        }

        r.ReadUe(); // max_num_ref_frames
        r.ReadFlag(); // gaps_in_frame_num_value_allowed_flag
        uint widthMbs = r.ReadUe() + 1;
        uint heightMapUnits = r.ReadUe() + 1;
        bool frameMbsOnly = r.ReadFlag();
        if (!frameMbsOnly)
        {
            r.ReadFlag(); // mb_adaptive_frame_field_flag
        }

        r.ReadFlag(); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadFlag())
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }

        if (r.Failed || widthMbs > MaxDimensionInMbs || heightMapUnits > MaxDimensionInMbs)
        {
            return false;
        }

        // §7.4.2.1.1 (7-19..7-22) and Table 6-1.
        uint chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        uint frameHeightMult = frameMbsOnly ? 1u : 2u;
        uint cropUnitX, cropUnitY;
        if (chromaArrayType == 0)
        {
            cropUnitX = 1;
            cropUnitY = frameHeightMult;
        }
        else
        {
            uint subWidthC = chromaFormatIdc == 3 ? 1u : 2u;
            uint subHeightC = chromaFormatIdc == 1 ? 2u : 1u;
            cropUnitX = subWidthC;
            cropUnitY = subHeightC * frameHeightMult;
        }

        long width = (widthMbs * 16L) - (cropUnitX * ((long)cropLeft + cropRight));
        long height = (frameHeightMult * heightMapUnits * 16L) - (cropUnitY * ((long)cropTop + cropBottom));
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        info = new H264SpsInfo(profileIdc, constraints, levelIdc, (int)width, (int)height);
        return true;
    }

    // §7.3.2.1.1.1 scaling_list(): only skipped; delta_scale must be -128..127.
    private static bool SkipScalingList(ref RbspBitReader r, int size)
    {
        int lastScale = 8, nextScale = 8;
        for (int j = 0; j < size; j++)
        {
            if (nextScale != 0)
            {
                int delta = r.ReadSe();
                if (r.Failed || delta < -128 || delta > 127)
                {
                    return false;
                }

                nextScale = (lastScale + delta + 256) % 256;
            }

            lastScale = nextScale == 0 ? lastScale : nextScale;
        }

        return !r.Failed;
    }
}
