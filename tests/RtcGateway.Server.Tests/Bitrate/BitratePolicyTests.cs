using RtcGateway.Server.Bitrate;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Tests.Bitrate;

/// <summary>The multi-viewer policy: operator governs, else the lowest estimate; bounds; stale and missing estimates.</summary>
public sealed class BitratePolicyTests
{
    private sealed record Vote(string SessionId, long? EstimatedBitrateBps, long EstimateUpdatedAtMs, string CameraId = "cam0")
        : IBitrateEstimateSource;

    [Fact]
    public void Without_any_estimate_the_target_is_the_configured_maximum()
    {
        BitrateDecision d = BitratePolicy.Decide(300, 2500, "op", [new Vote("op", null, 0), new Vote("v", null, 0)], 1000);
        Assert.Equal(new BitrateDecision(2500, BitrateGovernor.Configured, null, 0), d);
        Assert.Equal(2500, BitratePolicy.Decide(300, 2500, null, [], 0).TargetKbps);
    }

    [Fact]
    public void The_operator_governs_and_spectators_below_it_are_counted()
    {
        Vote[] votes = [new("v1", 600_000, 900), new("op", 1_800_000, 950), new("v2", 3_000_000, 990)];
        BitrateDecision d = BitratePolicy.Decide(300, 2500, "op", votes, 1000);
        Assert.Equal(new BitrateDecision(1800, BitrateGovernor.Operator, "op", 1), d);
    }

    [Fact]
    public void Without_an_operator_estimate_the_lowest_viewer_governs()
    {
        Vote[] votes = [new("v1", 900_000, 900), new("op", null, 0), new("v2", 1_400_000, 990)];
        Assert.Equal(new BitrateDecision(900, BitrateGovernor.LowestViewer, "v1", 0), BitratePolicy.Decide(300, 2500, "op", votes, 1000));
        Assert.Equal(new BitrateDecision(900, BitrateGovernor.LowestViewer, "v1", 0), BitratePolicy.Decide(300, 2500, null, votes, 1000));
    }

    [Theory]
    [InlineData(100_000, 300, 1)]   // below the minimum: clamped up, and that viewer is below the target
    [InlineData(9_000_000, 2500, 0)] // above the maximum: clamped down
    [InlineData(1_234_999, 1234, 0)] // bits/s → kbit/s rounds down (never above what the path carries)
    public void The_target_is_clamped_to_the_camera_bounds(long bps, int target, int below)
    {
        BitrateDecision d = BitratePolicy.Decide(300, 2500, null, [new Vote("v", bps, 0)], 0);
        Assert.Equal((target, below), (d.TargetKbps, d.ViewersBelowTarget));
    }

    [Fact]
    public void An_estimate_older_than_5_s_does_not_vote()
    {
        Vote[] votes = [new("op", 500_000, 1000), new("v", 2_000_000, 5000)];
        Assert.Equal(BitrateGovernor.Operator, BitratePolicy.Decide(300, 2500, "op", votes, 1000 + BitratePolicy.StaleAfterMs).Governor);
        BitrateDecision later = BitratePolicy.Decide(300, 2500, "op", votes, 1001 + BitratePolicy.StaleAfterMs);
        Assert.Equal(new BitrateDecision(2000, BitrateGovernor.LowestViewer, "v", 0), later);
        Assert.Equal(BitrateGovernor.Configured, BitratePolicy.Decide(300, 2500, "op", votes, 20_000).Governor);
    }

    [Fact]
    public void ViewerBitrate_votes_once_reported_and_is_stamped_with_the_session_clock()
    {
        var time = new FakeTimeProvider();
        var viewer = new ViewerBitrate("s1", "cam0", time);
        long startMs = ViewerBitrate.NowMs(time);
        Assert.Null(viewer.EstimatedBitrateBps);
        Assert.Equal(BitrateGovernor.Configured, BitratePolicy.Decide(300, 2500, null, [viewer], ViewerBitrate.NowMs(time)).Governor);

        time.Advance(TimeSpan.FromSeconds(3));
        viewer.ReportEstimate(700_000);
        viewer.ReportEstimate(-5); // ignored
        Assert.Equal(700_000, viewer.EstimatedBitrateBps);
        Assert.Equal(startMs + 3000, viewer.EstimateUpdatedAtMs);
        Assert.Equal(700, BitratePolicy.Decide(300, 2500, null, [viewer], ViewerBitrate.NowMs(time)).TargetKbps);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(BitrateGovernor.Configured, BitratePolicy.Decide(300, 2500, null, [viewer], ViewerBitrate.NowMs(time)).Governor);
    }
}
