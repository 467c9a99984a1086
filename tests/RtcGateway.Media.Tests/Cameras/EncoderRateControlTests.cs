using Microsoft.Extensions.Logging.Abstractions;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Tests.Cameras;

/// <summary>Rate limiting and degradation steps of the encoder target, driven with explicit times (no clock).</summary>
public sealed class EncoderRateControlTests
{
    private sealed class FakeTuning : IEncoderTuning
    {
        public List<(string What, int Value)> Calls { get; } = [];

        public bool Refuse { get; set; }

        public bool SetBitrate(int kbps)
        {
            Calls.Add(("bitrate", kbps));
            return !Refuse;
        }

        public bool SetLevel(DegradationLevel level)
        {
            Calls.Add(("level", (int)level));
            return true;
        }
    }

    private static CameraOptions Options(int degradeBelow = 0) => new()
    {
        Id = "c", BitrateKbps = 2500, MinBitrateKbps = 300, DegradeBelowKbps = degradeBelow,
    };

    [Fact]
    public void Raises_and_small_cuts_wait_500_ms_after_the_previous_change()
    {
        var control = new EncoderRateControl(Options(), NullLogger.Instance);
        var tuning = new FakeTuning();
        control.SetTarget(2000); // -20 %: not urgent, but the first change is due at once
        control.Poll(tuning, 0);
        control.SetTarget(1700);
        control.Poll(tuning, 499);
        Assert.Equal(2000, control.AppliedKbps);
        control.Poll(tuning, 500);
        Assert.Equal(1700, control.AppliedKbps);
        control.SetTarget(2500);
        control.Poll(tuning, 900);
        control.Poll(tuning, 1000);
        Assert.Equal([("bitrate", 2000), ("bitrate", 1700), ("bitrate", 2500)], tuning.Calls);
    }

    [Fact]
    public void A_cut_of_more_than_25_percent_is_applied_at_once()
    {
        var control = new EncoderRateControl(Options(), NullLogger.Instance);
        var tuning = new FakeTuning();
        control.SetTarget(2000);
        control.Poll(tuning, 0);
        control.SetTarget(1400); // -30 % of 2000
        control.Poll(tuning, 10);
        Assert.Equal(1400, control.AppliedKbps);
        control.SetTarget(1100); // -21 %: waits
        control.Poll(tuning, 20);
        Assert.Equal(1400, control.AppliedKbps);
    }

    [Fact]
    public void Changes_within_2_percent_are_not_applied_and_targets_are_clamped()
    {
        var control = new EncoderRateControl(Options(), NullLogger.Instance);
        var tuning = new FakeTuning();
        Assert.Equal(2500, control.SetTarget(9999));
        Assert.Equal(2460, control.SetTarget(2460));
        control.Poll(tuning, 0);
        Assert.Empty(tuning.Calls);
        Assert.Equal(300, control.SetTarget(1));
        control.Poll(tuning, 1);
        Assert.Equal([("bitrate", 300)], tuning.Calls);
    }

    [Fact]
    public void A_new_run_starts_at_the_configured_bitrate_and_the_next_poll_applies_the_target_at_once()
    {
        var control = new EncoderRateControl(Options(), NullLogger.Instance);
        var tuning = new FakeTuning();
        control.SetTarget(1000);
        control.Poll(tuning, 0);
        control.OnRunStarted();
        Assert.Equal(2500, control.AppliedKbps);
        control.Poll(tuning, 100); // within 500 ms of the last change, but a new pipeline must get the target now
        Assert.Equal(1000, control.AppliedKbps);
        Assert.Equal(2, tuning.Calls.Count);
    }

    [Fact]
    public void A_refused_bitrate_is_not_reported_as_applied()
    {
        var control = new EncoderRateControl(Options(), NullLogger.Instance);
        var tuning = new FakeTuning { Refuse = true };
        control.SetTarget(1000);
        control.Poll(tuning, 0);
        Assert.Equal(2500, control.AppliedKbps);
    }

    [Fact]
    public void Picture_steps_down_below_the_threshold_up_at_1_3_times_it_and_at_most_once_per_2_s()
    {
        var control = new EncoderRateControl(Options(degradeBelow: 800), NullLogger.Instance);
        var tuning = new FakeTuning();
        control.SetTarget(799);
        control.Poll(tuning, 0);
        Assert.Equal(DegradationLevel.HalfResolution, control.Level);
        control.SetTarget(2500);
        control.Poll(tuning, 1999); // dwell
        Assert.Equal(DegradationLevel.HalfResolution, control.Level);
        control.SetTarget(1039); // < 1.3 × 800 = 1040
        control.Poll(tuning, 3000);
        Assert.Equal(DegradationLevel.HalfResolution, control.Level);
        control.SetTarget(1040);
        control.Poll(tuning, 3600);
        Assert.Equal(DegradationLevel.None, control.Level);
        Assert.Equal([1, 0], tuning.Calls.Where(c => c.What == "level").Select(c => c.Value));
    }

    [Fact]
    public void MaintainResolution_steps_to_half_framerate_and_threshold_0_never_steps()
    {
        CameraOptions o = Options(degradeBelow: 800);
        o.DegradationPreference = DegradationPreference.MaintainResolution;
        var control = new EncoderRateControl(o, NullLogger.Instance);
        control.SetTarget(300);
        control.Poll(new FakeTuning(), 0);
        Assert.Equal(DegradationLevel.HalfFramerate, control.Level);

        var off = new EncoderRateControl(Options(), NullLogger.Instance);
        var tuning = new FakeTuning();
        off.SetTarget(300);
        off.Poll(tuning, 0);
        Assert.Equal(DegradationLevel.None, off.Level);
        Assert.DoesNotContain(tuning.Calls, c => c.What == "level");
    }
}
