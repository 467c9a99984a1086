using RtcGateway.Media.H264;

namespace RtcGateway.Media.Tests.H264;

public sealed class H264SpsParserTests
{
    [Fact]
    public void CarClip_IsBaseline768x432()
    {
        Assert.True(H264SpsParser.TryParse(H264Fixtures.CarSps, out H264SpsInfo? sps));
        Assert.Equal(new H264SpsInfo(66, 0x80, 22, 768, 432), sps);
        Assert.Equal("428016", sps!.ProfileLevelId);
    }

    [Fact]
    public void BottleClip_IsHigh640x360WithCropping()
    {
        Assert.True(H264SpsParser.TryParse(H264Fixtures.BottleSps, out H264SpsInfo? sps));
        Assert.Equal(new H264SpsInfo(100, 0x00, 30, 640, 360), sps);
        Assert.Equal("64001e", sps!.ProfileLevelId);
    }

    /// <summary>Hand-built SPS (bit writer below) covering the branches the clips do not: scaling lists, pic_order_cnt_type 1,
    /// field coding (frame_mbs_only_flag = 0) and 4:2:2 cropping units.</summary>
    [Fact]
    public void HighProfileWithScalingListsPocType1AndFieldCoding()
    {
        var w = new BitWriter();
        w.Bits(122, 8).Bits(0, 8).Bits(40, 8); // High 4:2:2, level 4.0
        w.Ue(0); // sps id
        w.Ue(2); // chroma_format_idc 4:2:2 → SubWidthC 2, SubHeightC 1
        w.Ue(0).Ue(0).Bit(0); // bit depths, qpprime bypass
        w.Bit(1); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++)
        {
            w.Bit(i is 0 or 6 ? 1 : 0);
            if (i == 0)
            {
                for (int j = 0; j < 16; j++) w.Se(j == 0 ? 8 : 0); // 4x4 list: deltas
            }
            else if (i == 6)
            {
                w.Se(-8); // nextScale 0 at once → use default list
            }
        }

        w.Ue(0); // log2_max_frame_num_minus4
        w.Ue(1).Bit(0).Se(-2).Se(1).Ue(2).Se(3).Se(-4); // poc type 1 with a 2-entry cycle
        w.Ue(4).Bit(0); // max_num_ref_frames, gaps
        w.Ue(119).Ue(33); // 120 MBs wide (1920), 34 map units (field: 34*2*16 = 1088)
        w.Bit(0).Bit(1); // frame_mbs_only_flag 0, mb_adaptive_frame_field_flag
        w.Bit(1); // direct_8x8
        w.Bit(1).Ue(0).Ue(0).Ue(0).Ue(4); // crop bottom 4 * CropUnitY (1 * 2) = 8 → 1080
        w.Bit(0).Bit(1); // vui absent, rbsp stop bit
        byte[] nal = [0x67, .. w.ToEscapedBytes()];

        Assert.True(H264SpsParser.TryParse(nal, out H264SpsInfo? sps));
        Assert.Equal(new H264SpsInfo(122, 0, 40, 1920, 1080), sps);
    }

    [Fact]
    public void EmulationPrevention_IsRemovedBeforeParsing()
    {
        // The car SPS contains 00 00 03; without removal the size would come out wrong. Re-escaping an unescaped copy yields it.
        Assert.Contains((byte)3, H264Fixtures.CarSps);
        byte[] rbsp = new byte[H264Fixtures.CarSps.Length];
        int n = AnnexB.RemoveEmulationPrevention(H264Fixtures.CarSps, rbsp);
        Assert.Equal(H264Fixtures.CarSps.Length - 1, n);
    }

    [Theory]
    [InlineData("")]
    [InlineData("67")]
    [InlineData("674280")] // truncated after profile/constraints
    [InlineData("68ce3520")] // a PPS
    [InlineData("e742801696540601bd35")] // forbidden_zero_bit set
    [InlineData("6742801600000000000000000000")] // ue(v) with > 31 leading zeros
    public void Malformed_ReturnsFalse(string hex)
    {
        Assert.False(H264SpsParser.TryParse(Convert.FromHexString(hex), out H264SpsInfo? sps));
        Assert.Null(sps);
    }

    [Fact]
    public void EveryTruncationOfTheRealSps_FailsOrParsesWithoutThrowing()
    {
        foreach (byte[] sps in new[] { H264Fixtures.CarSps, H264Fixtures.BottleSps })
        {
            for (int len = 0; len < sps.Length; len++)
            {
                // Trailing VUI may be cut without affecting the facts; earlier cuts must fail.
                if (H264SpsParser.TryParse(sps.AsSpan(0, len), out H264SpsInfo? info))
                {
                    Assert.True(info!.Width > 0 && info.Height > 0);
                }
            }
        }
    }

    [Fact]
    public void RandomAndMutatedInput_NeverThrows()
    {
        int cases = 0, parsed = 0;
        foreach (byte[] input in H264Fixtures.Mutations(20260101, 25_000, H264Fixtures.CarSps, H264Fixtures.BottleSps))
        {
            if (H264SpsParser.TryParse(input, out H264SpsInfo? info))
            {
                parsed++;
                Assert.InRange(info!.Width, 1, 8192);
                Assert.InRange(info.Height, 1, 16384);
            }

            cases++;
        }

        Assert.Equal(25_000, cases);
        Assert.InRange(parsed, 1, cases - 1); // the mutations exercise both outcomes
    }
}

/// <summary>MSB-first bit writer with exp-Golomb and emulation prevention, for building test NAL units.</summary>
internal sealed class BitWriter
{
    private readonly List<bool> _bits = [];

    public BitWriter Bit(int b)
    {
        _bits.Add(b != 0);
        return this;
    }

    public BitWriter Bits(uint value, int n)
    {
        for (int i = n - 1; i >= 0; i--) Bit((int)((value >> i) & 1));
        return this;
    }

    public BitWriter Ue(uint v)
    {
        uint x = v + 1;
        int len = 32 - System.Numerics.BitOperations.LeadingZeroCount(x);
        Bits(0, len - 1);
        return Bits(x, len);
    }

    public BitWriter Se(int v) => Ue(v > 0 ? (uint)((2 * v) - 1) : (uint)(-2 * v));

    public byte[] ToEscapedBytes()
    {
        while (_bits.Count % 8 != 0) _bits.Add(false);
        var raw = new byte[_bits.Count / 8];
        for (int i = 0; i < _bits.Count; i++) if (_bits[i]) raw[i / 8] |= (byte)(0x80 >> (i % 8));
        var escaped = new List<byte>();
        int zeros = 0;
        foreach (byte b in raw)
        {
            if (zeros >= 2 && b <= 3)
            {
                escaped.Add(3);
                zeros = 0;
            }

            escaped.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. escaped];
    }
}
