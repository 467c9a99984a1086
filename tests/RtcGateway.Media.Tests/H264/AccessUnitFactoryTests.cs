using RtcGateway.Media.H264;

namespace RtcGateway.Media.Tests.H264;

public sealed class AccessUnitFactoryTests
{
    private static readonly byte[] Idr = Convert.FromHexString("6588804000edbc60e3");
    private static readonly byte[] PSlice = Convert.FromHexString("419a2238");

    [Fact]
    public void KeyframeWithSps_IsKeyframeAndCarriesTheParsedSps()
    {
        byte[] data = H264Fixtures.AnnexBOf(H264Fixtures.CarSps, H264Fixtures.CarPps, Idr);
        AccessUnit au = AccessUnitFactory.Create(data, ptsNs: 33_000_000, captureTimeUs: 1_700_000_000_000_000, sequence: 7, previousSps: null);

        Assert.True(au.IsKeyframe);
        Assert.Equal(new H264SpsInfo(66, 0x80, 22, 768, 432), au.Sps);
        Assert.Equal(3, au.NalUnits.Count);
        Assert.Equal((33_000_000L, 1_700_000_000_000_000L, 7L), (au.PtsNs, au.CaptureTimeUs, au.Sequence));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(au.Data, out ArraySegment<byte> seg));
        Assert.Same(data, seg.Array);
    }

    [Fact]
    public void DeltaFrame_KeepsThePreviousSps()
    {
        var previous = new H264SpsInfo(66, 0xC0, 31, 1280, 720);
        AccessUnit au = AccessUnitFactory.Create(H264Fixtures.AnnexBOf(PSlice), 0, 0, 1, previous);
        Assert.False(au.IsKeyframe);
        Assert.Same(previous, au.Sps);
    }

    [Fact]
    public void UnchangedSps_ReusesThePreviousInstance_ChangedSpsReplacesIt()
    {
        var same = new H264SpsInfo(66, 0x80, 22, 768, 432);
        Assert.Same(same, AccessUnitFactory.Create(H264Fixtures.AnnexBOf(H264Fixtures.CarSps, Idr), 0, 0, 2, same).Sps);
        Assert.Equal(new H264SpsInfo(100, 0, 30, 640, 360),
            AccessUnitFactory.Create(H264Fixtures.AnnexBOf(H264Fixtures.BottleSps, Idr), 0, 0, 3, same).Sps);
    }

    [Fact]
    public void CorruptSps_KeepsThePrevious_AndGarbageNeverThrows()
    {
        var previous = new H264SpsInfo(66, 0x80, 22, 768, 432);
        Assert.Same(previous, AccessUnitFactory.Create(H264Fixtures.AnnexBOf([0x67, 0x42]), 0, 0, 0, previous).Sps);
        int cases = 0;
        byte[] seed = H264Fixtures.AnnexBOf(H264Fixtures.BottleSps, H264Fixtures.BottlePps, Idr);
        foreach (byte[] input in H264Fixtures.Mutations(3, 5_000, seed))
        {
            AccessUnit au = AccessUnitFactory.Create(input, 0, 0, cases++, null);
            Assert.Equal(au.NalUnits.Any(n => (n.Span[0] & 0x1F) == 5), au.IsKeyframe);
        }

        Assert.Equal(5_000, cases);
    }
}
