using RtcGateway.Media.H264;

namespace RtcGateway.Media.Tests.H264;

public sealed class H264SliceHeaderTests
{
    [Theory]
    [InlineData(0x65, 0u, 7u)] // IDR, I (all slices)
    [InlineData(0x41, 0u, 5u)] // P (all slices)
    [InlineData(0x41, 396u, 0u)] // P, later slice
    [InlineData(0x01, 3u, 1u)] // B, nal_ref_idc 0
    [InlineData(0x25, 8160u, 2u)] // IDR, I
    public void ReadsFirstMbAndSliceType(byte header, uint firstMb, uint sliceType)
    {
        byte[] nal = [header, .. new BitWriter().Ue(firstMb).Ue(sliceType).Ue(0).Bit(1).ToEscapedBytes()];
        Assert.True(H264SliceHeader.TryRead(nal, out int mb, out int type));
        Assert.Equal(((int)firstMb, (int)sliceType), (mb, type));
        Assert.True(H264SliceHeader.TryReadSliceType(nal, out int onlyType));
        Assert.Equal((int)sliceType, onlyType);
    }

    [Fact]
    public void RealIdrOfCarClip_IsAnISlice()
    {
        Assert.True(H264SliceHeader.TryRead(Convert.FromHexString("6588804000edbc60e3"), out int mb, out int type));
        Assert.Equal(0, mb);
        Assert.Equal(H264SliceHeader.I, type % 5);
    }

    [Theory]
    [InlineData("")]
    [InlineData("65")]
    [InlineData("6742801E")] // SPS, not a slice
    [InlineData("0605FFFF")] // SEI
    [InlineData("C188")] // forbidden_zero_bit
    [InlineData("41000000")] // first_mb_in_slice with too many leading zeros
    [InlineData("41800000")] // first_mb 0, then slice_type truncated inside its leading zeros
    public void Malformed_ReturnsFalse(string hex)
    {
        byte[] nal = Convert.FromHexString(hex);
        Assert.False(H264SliceHeader.TryRead(nal, out int mb, out int type));
        Assert.Equal((-1, -1), (mb, type));
    }

    [Fact]
    public void SliceTypeAbove9_IsRejected()
    {
        byte[] nal = [0x41, .. new BitWriter().Ue(0).Ue(10).Bit(1).ToEscapedBytes()];
        Assert.False(H264SliceHeader.TryReadSliceType(nal, out int type));
        Assert.Equal(-1, type);
    }

    [Fact]
    public void RandomAndMutatedInput_NeverThrows()
    {
        byte[] seed1 = Convert.FromHexString("6588804000edbc60e3f4fe01d8d8");
        byte[] seed2 = [0x41, .. new BitWriter().Ue(1234).Ue(5).Ue(7).Bit(1).ToEscapedBytes()];
        int cases = 0, ok = 0;
        foreach (byte[] input in H264Fixtures.Mutations(99, 20_000, seed1, seed2))
        {
            if (H264SliceHeader.TryRead(input, out _, out int type))
            {
                Assert.InRange(type, 0, 9);
                ok++;
            }

            cases++;
        }

        Assert.Equal(20_000, cases);
        Assert.InRange(ok, 1, cases - 1);
    }
}
