using Microsoft.Extensions.Logging.Abstractions;
using RtcGateway.Server.Bitrate;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Sessions;

namespace RtcGateway.Server.Tests.Bitrate;

/// <summary>The applier applies the policy to a camera only on change and marks the sessions below the target.</summary>
public sealed class CameraTargetApplierTests
{
    [Fact]
    public void Target_follows_the_governing_estimate_and_is_set_only_when_it_changes()
    {
        var time = new FakeTimeProvider();
        var camera = new FakeCamera();
        camera.Options.BitrateKbps = 2500;
        camera.Options.MinBitrateKbps = 300;
        var op = new ViewerBitrate("op", "fake", time);
        var spectator = new ViewerBitrate("sp", "fake", time);
        var controller = new CameraTargetApplier(NullLogger.Instance);

        Assert.Equal(2500, controller.Apply(camera, "op", [op, spectator], 0).TargetKbps);
        Assert.Empty(camera.TargetChanges); // already at 2500

        op.ReportEstimate(1_500_000);
        spectator.ReportEstimate(800_000);
        BitrateDecision d = controller.Apply(camera, "op", [op, spectator], 0);
        Assert.Equal((1500, BitrateGovernor.Operator, 1), (d.TargetKbps, d.Governor, d.ViewersBelowTarget));
        Assert.True(spectator.BelowTarget);
        Assert.False(op.BelowTarget);
        controller.Apply(camera, "op", [op, spectator], 100);
        Assert.Equal([1500], camera.TargetChanges);

        // The operator leaves: the lowest viewer governs and nobody is below any more.
        controller.Apply(camera, null, [spectator], 200);
        Assert.Equal([1500, 800], camera.TargetChanges);
        Assert.False(spectator.BelowTarget);
        Assert.Equal(800, controller.DecisionFor("FAKE")!.TargetKbps);

        // Everyone gone: back to the configured maximum.
        controller.Apply(camera, null, [], 300);
        Assert.Equal([1500, 800, 2500], camera.TargetChanges);
    }
}
