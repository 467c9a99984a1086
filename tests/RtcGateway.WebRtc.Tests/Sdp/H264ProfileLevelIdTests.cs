using RtcGateway.WebRtc.Sdp;

namespace RtcGateway.WebRtc.Tests.Sdp;

public class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)]
    [InlineData("42E01F", H264Profile.ConstrainedBaseline, H264Level.Level3_1)]
    [InlineData("42c01f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)]
    [InlineData("4d801f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)]
    [InlineData("58c01f", H264Profile.ConstrainedBaseline, H264Level.Level3_1)]
    [InlineData("42001f", H264Profile.Baseline, H264Level.Level3_1)]
    [InlineData("42800a", H264Profile.Baseline, H264Level.Level1)]
    [InlineData("58801f", H264Profile.Baseline, H264Level.Level3_1)]
    [InlineData("4d001f", H264Profile.Main, H264Level.Level3_1)]
    [InlineData("4d0028", H264Profile.Main, H264Level.Level4)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh, H264Level.Level3_1)]
    [InlineData("64001f", H264Profile.High, H264Level.Level3_1)]
    [InlineData("640034", H264Profile.High, H264Level.Level5_2)]
    [InlineData("640828", H264Profile.High, H264Level.Level4)]
    [InlineData("f4001f", H264Profile.PredictiveHigh444, H264Level.Level3_1)]
    [InlineData("42f00b", H264Profile.ConstrainedBaseline, H264Level.Level1b)]
    [InlineData("42e00b", H264Profile.ConstrainedBaseline, H264Level.Level1_1)]
    [InlineData("640009", H264Profile.High, H264Level.Level1b)]
    [InlineData("4d003e", H264Profile.Main, H264Level.Level6_2)]
    public void Classifies_profile_and_level(string text, H264Profile profile, H264Level level)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var value));
        Assert.Equal(profile, value!.Profile);
        Assert.Equal(level, value.Level);
        Assert.Equal(text.ToLowerInvariant(), value.ToString());
        Assert.Equal(Convert.ToByte(text[..2], 16), value.ProfileIdc);
        Assert.Equal(Convert.ToByte(text[2..4], 16), value.ProfileIop);
        Assert.Equal(Convert.ToByte(text[4..], 16), value.LevelIdc);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01f0")]
    [InlineData("42e01g")]
    [InlineData("+42e01")]
    [InlineData(" 42e01")]
    [InlineData("0x42e0")]
    [InlineData("58001f")] // Extended without constraint_set0
    [InlineData("6e001f")] // High 10
    [InlineData("7a001f")] // High 4:2:2
    [InlineData("000000")]
    [InlineData("42e000")] // level_idc 0
    [InlineData("42e021")] // level_idc 33 is not in Table A-1
    public void Rejects_invalid_text(string? text)
    {
        Assert.False(H264ProfileLevelId.TryParse(text, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void Default_is_rfc6184_baseline_level_1()
    {
        Assert.Equal("42000a", H264ProfileLevelId.Default.ToString());
        Assert.Equal(H264Profile.Baseline, H264ProfileLevelId.Default.Profile);
        Assert.Equal(H264Level.Level1, H264ProfileLevelId.Default.Level);
    }

    [Theory]
    // source, offered, level-asymmetry-allowed, expected
    [InlineData("42e01f", "42e01f", false, true)]
    [InlineData("42e01f", "42001f", false, true)]
    [InlineData("42e01f", "4d001f", false, true)]
    [InlineData("42e01f", "640c1f", false, true)]
    [InlineData("42e01f", "64001f", false, true)]
    [InlineData("42e01f", "f4001f", true, false)]
    [InlineData("42001f", "42e01f", true, false)] // Baseline (FMO/ASO) needs a Baseline decoder
    [InlineData("42001f", "42001f", true, true)]
    [InlineData("4d001f", "42e01f", true, false)]
    [InlineData("4d001f", "64001f", true, true)]
    [InlineData("640c1f", "42e01f", true, false)]
    [InlineData("640c1f", "4d001f", true, false)]
    [InlineData("640c1f", "640c1f", true, true)]
    [InlineData("640c1f", "640034", true, true)]
    [InlineData("64001f", "640c1f", true, false)] // High with B-frames needs a High decoder
    [InlineData("64001f", "640034", true, true)]
    [InlineData("42e028", "42e01f", false, false)] // level 4 source, level 3.1 receiver, no asymmetry
    [InlineData("42e028", "42e01f", true, true)]
    [InlineData("42e01f", "42e028", false, true)]
    [InlineData("42e00b", "42f00b", false, false)] // 1.1 > 1b
    [InlineData("42f00b", "42e00b", false, true)]
    public void Decodability_rule(string source, string offered, bool asymmetry, bool expected)
    {
        var s = SdpTestData.Profile(source);
        var o = SdpTestData.Profile(offered);
        Assert.Equal(expected, s.IsDecodableBy(o, asymmetry));
    }

    [Fact]
    public void TryCreate_matches_TryParse_for_every_byte_triple_sampled()
    {
        var random = new Random(6184);
        var checkedCount = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var idc = (byte)random.Next(256);
            var iop = (byte)random.Next(256);
            var level = (byte)random.Next(64);
            var viaCreate = H264ProfileLevelId.TryCreate(idc, iop, level, out var a);
            var viaParse = H264ProfileLevelId.TryParse($"{idc:x2}{iop:x2}{level:x2}", out var b);
            Assert.Equal(viaCreate, viaParse);
            Assert.Equal(a, b);
            checkedCount++;
        }

        Assert.Equal(20_000, checkedCount);
    }
}
