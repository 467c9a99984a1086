using System.Runtime.InteropServices;
using RtcGateway.Media.H264;

namespace RtcGateway.Media.Tests.H264;

public sealed class AnnexBTests
{
    private static string[] Hex(List<ReadOnlyMemory<byte>> nals) => nals.Select(n => Convert.ToHexString(n.Span)).ToArray();

    [Fact]
    public void MixedThreeAndFourByteStartCodes_AreSplitWithoutStartCodes()
    {
        byte[] data = Convert.FromHexString("00000001" + "6742" + "000001" + "68CE" + "00000001" + "658888");
        Assert.Equal(new[] { "6742", "68CE", "658888" }, Hex(AnnexB.SplitNalUnits(data)));
    }

    [Fact]
    public void TrailingZeroBytes_AreTrimmed_AndEmptyNalUnitsSkipped()
    {
        byte[] data = Convert.FromHexString("000001" + "0901F0" + "0000" + "000001" + "000001" + "6588" + "000000");
        Assert.Equal(new[] { "0901F0", "6588" }, Hex(AnnexB.SplitNalUnits(data)));
    }

    [Fact]
    public void BytesBeforeTheFirstStartCode_AreIgnored_AndNoStartCodeGivesNothing()
    {
        Assert.Equal(new[] { "41AA" }, Hex(AnnexB.SplitNalUnits(Convert.FromHexString("FFEE" + "000001" + "41AA"))));
        Assert.Empty(AnnexB.SplitNalUnits(Convert.FromHexString("6742801E0000")));
        Assert.Empty(AnnexB.SplitNalUnits(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void NalUnits_AreSlicesOfTheInput_NotCopies()
    {
        byte[] data = H264Fixtures.AnnexBOf(H264Fixtures.CarSps, H264Fixtures.CarPps);
        List<ReadOnlyMemory<byte>> nals = AnnexB.SplitNalUnits(data);
        Assert.Equal(2, nals.Count);
        Assert.True(MemoryMarshal.TryGetArray(nals[1], out ArraySegment<byte> seg));
        Assert.Same(data, seg.Array);
        Assert.Equal(4 + H264Fixtures.CarSps.Length + 3, seg.Offset);
        Assert.Equal(NalUnitType.Sps, AnnexB.GetNalUnitType(nals[0].Span));
        Assert.Equal(NalUnitType.Pps, AnnexB.GetNalUnitType(nals[1].Span));
    }

    [Fact]
    public void RealClipAccessUnit_SplitsIntoParameterSetsAndIdr()
    {
        // car clip access unit 0 head: SPS, PPS, IDR (from ffmpeg h264_mp4toannexb output)
        byte[] idr = Convert.FromHexString("6588804000edbc60e3f4fe01d8d8000821d3920f2e");
        byte[] au = H264Fixtures.AnnexBOf(H264Fixtures.CarSps, H264Fixtures.CarPps, idr);
        Assert.Equal(new[] { NalUnitType.Sps, NalUnitType.Pps, NalUnitType.IdrSlice },
            AnnexB.SplitNalUnits(au).Select(n => AnnexB.GetNalUnitType(n.Span)));
    }

    [Fact]
    public void RemoveEmulationPrevention_DropsOnlyThe03After0000()
    {
        byte[] nal = Convert.FromHexString("0000030100000300000302");
        var dst = new byte[nal.Length];
        int n = AnnexB.RemoveEmulationPrevention(nal, dst);
        Assert.Equal("0000010000000002", Convert.ToHexString(dst, 0, n));
        Assert.Equal(-1, AnnexB.RemoveEmulationPrevention(nal, new byte[3]));
    }

    [Fact]
    public void RandomAndMutatedInput_NeverThrows_AndSlicesStayInBounds()
    {
        byte[] au = H264Fixtures.AnnexBOf(H264Fixtures.CarSps, H264Fixtures.CarPps, Convert.FromHexString("6588804000edbc60e3"));
        int cases = 0;
        var reused = new List<ReadOnlyMemory<byte>>();
        foreach (byte[] input in H264Fixtures.Mutations(7, 20_000, au, Convert.FromHexString("000000000001000001")))
        {
            List<ReadOnlyMemory<byte>> nals = AnnexB.SplitNalUnits(input);
            reused.Clear();
            Assert.Equal(nals.Count, AnnexB.SplitNalUnits(input, reused));
            int total = 0;
            foreach (ReadOnlyMemory<byte> nal in nals)
            {
                Assert.False(nal.IsEmpty);
                Assert.NotEqual(0, nal.Span[^1]);
                total += nal.Length;
            }

            Assert.True(total <= input.Length);
            cases++;
        }

        Assert.Equal(20_000, cases);
    }
}
