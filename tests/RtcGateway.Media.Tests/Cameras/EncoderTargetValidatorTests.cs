using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Tests.Cameras;

public sealed class EncoderTargetValidatorTests
{
    private static IReadOnlyList<string> Validate(CameraOptions o) => CameraOptionsValidator.Validate([o], _ => true);

    [Fact]
    public void Defaults_are_valid_with_min_300_degradation_off_and_scrolling_smpte()
    {
        var o = new CameraOptions();
        Assert.Empty(Validate(o));
        Assert.Equal((300, 0, DegradationPreference.MaintainFramerate, "smpte", 4),
            (o.MinBitrateKbps, o.DegradeBelowKbps, o.DegradationPreference, o.TestPattern, o.TestPatternSpeed));
    }

    [Fact]
    public void Bad_values_name_the_key_and_the_bounds()
    {
        var o = new CameraOptions
        {
            BitrateKbps = 1000, MinBitrateKbps = 20, DegradeBelowKbps = 2000, TestPattern = "Ball", TestPatternSpeed = 5000,
            DegradationPreference = (DegradationPreference)7,
        };
        Assert.Equal(new[]
        {
            "Gateway:Cameras:0:MinBitrateKbps must be 50..100000 (was 20)",
            "Gateway:Cameras:0:DegradeBelowKbps must be 0 (off) or above the minimum bitrate (20) and at most BitrateKbps (1000) (was 2000)",
            "Gateway:Cameras:0:DegradationPreference must be MaintainFramerate or MaintainResolution (was 7)",
            "Gateway:Cameras:0:TestPattern 'Ball' is not a videotestsrc pattern; use one of smpte, snow, black, white, red, green, blue, checkers-1, checkers-2, checkers-4, checkers-8, circular, blink, smpte75, zone-plate, gamut, chroma-zone-plate, solid-color, ball, smpte100, bar, pinwheel, spokes, gradient, colors, smpte-rp-219",
            "Gateway:Cameras:0:TestPatternSpeed must be -1000..1000 pixels per frame (was 5000)",
        }, Validate(o));
    }

    [Fact]
    public void Threshold_at_or_below_the_minimum_could_never_trigger_and_is_rejected()
    {
        Assert.Single(Validate(new CameraOptions { MinBitrateKbps = 300, DegradeBelowKbps = 300 }));
        Assert.Empty(Validate(new CameraOptions { MinBitrateKbps = 300, DegradeBelowKbps = 301 }));
    }

    [Fact]
    public void A_bitrate_below_the_minimum_stays_valid_and_becomes_the_minimum()
    {
        var o = new CameraOptions { BitrateKbps = 200 };
        Assert.Empty(Validate(o));
        Assert.Equal(200, o.EffectiveMinBitrateKbps);
    }

    [Fact]
    public void Pattern_keys_are_ignored_for_other_sources()
    {
        Assert.Empty(Validate(new CameraOptions { Source = "file:/x.mp4", Framerate = 0, TestPattern = "nope", TestPatternSpeed = 99999 }));
    }
}
