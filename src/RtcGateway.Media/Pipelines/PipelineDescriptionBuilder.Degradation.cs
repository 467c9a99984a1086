using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Pipelines;

/// <summary>The test source chain and the run-time degradation element in front of the encoder.</summary>
public static partial class PipelineDescriptionBuilder
{
    // videotestsrc: pattern from CameraOptions.TestPattern (validated against VideoTestPattern.Names) and horizontal-speed
    // (pixels per frame, scrolls the whole picture so every frame differs, like real content; see VideoTestPattern.Default).
    private static void AppendTestSource(Chain c, CameraOptions o, string need)
    {
        string pattern = VideoTestPattern.IsKnown(o.TestPattern) ? o.TestPattern : VideoTestPattern.Default;
        if (o.TestPatternSpeed == 0)
        {
            c.Element("videotestsrc", need, "is-live=true", "pattern=" + pattern);
        }
        else
        {
            c.Element("videotestsrc", need, "is-live=true", "pattern=" + pattern,
                "horizontal-speed=" + GstLaunchSyntax.Int(o.TestPatternSpeed));
        }
    }

    // DegradeBelowKbps 0: nothing (the description is what it always was). Otherwise the element named "degrade" that
    // DegradationControl documents, at full picture: a capsfilter at the configured size behind a scaler, or a drop-only
    // videorate without a limit.
    private static DegradationControl? AppendDegradation(Chain c, CameraOptions o, bool nvmm)
    {
        const string Need = "picture degradation (DegradeBelowKbps)";
        if (o.DegradeBelowKbps <= 0)
        {
            return null;
        }

        string name = "name=" + VideoPipelineDescription.DegradeName;
        if (o.DegradationPreference == DegradationPreference.MaintainResolution)
        {
            c.Element("videorate", Need, name, "drop-only=true");
            c.Raw(" ! ");
            return new DegradationControl(DegradationPreference.MaintainResolution)
            {
                HalfMaxRate = o.Framerate == SourceFramerate ? 0 : (o.Framerate + 1) / 2,
            };
        }

        string prefix = nvmm ? "video/x-raw(memory:NVMM),format=NV12" : "video/x-raw";
        string full = $"{prefix},width={o.Width},height={o.Height},pixel-aspect-ratio=1/1";
        string half = $"{prefix},width={DegradationControl.HalfDimension(o.Width)},height={DegradationControl.HalfDimension(o.Height)},pixel-aspect-ratio=1/1";
        c.Element(nvmm ? NvVidConv : "videoscale", Need);
        c.Raw(" ! ");
        c.Element("capsfilter", Need, name, "caps=" + GstLaunchSyntax.QuoteValue(full));
        c.Raw(" ! ");
        return new DegradationControl(DegradationPreference.MaintainFramerate) { FullCaps = full, HalfCaps = half };
    }
}
