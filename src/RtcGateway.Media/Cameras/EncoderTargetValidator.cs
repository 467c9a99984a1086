using System.Globalization;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Validates the run-time encoder keys of one camera (bitrate bounds, degradation, test pattern) for
/// <see cref="CameraOptionsValidator"/>.
/// </summary>
internal static class EncoderTargetValidator
{
    /// <summary>Largest accepted |<see cref="CameraOptions.TestPatternSpeed"/>|, pixels per frame.</summary>
    public const int MaxTestPatternSpeed = 1000;

    /// <summary>
    /// Adds one message per problem: MinBitrateKbps 50..100000; DegradeBelowKbps 0 (off) or above min(MinBitrateKbps, BitrateKbps) and
    /// at most BitrateKbps; DegradationPreference a defined value; TestPattern a videotestsrc nick
    /// (<see cref="VideoTestPattern.Names"/>); TestPatternSpeed -1000..1000. Pattern keys are checked for <c>test</c>
    /// sources only (<paramref name="kind"/> null: the source did not parse).
    /// </summary>
    public static void Validate(List<string> messages, string key, CameraOptions cam, CameraSourceKind? kind)
    {
        if (cam.MinBitrateKbps < 50 || cam.MinBitrateKbps > 100_000)
        {
            messages.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}:MinBitrateKbps must be 50..100000 (was {cam.MinBitrateKbps})"));
        }

        int min = cam.EffectiveMinBitrateKbps;
        if (cam.DegradeBelowKbps != 0 && (cam.DegradeBelowKbps <= min || cam.DegradeBelowKbps > cam.BitrateKbps))
        {
            messages.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}:DegradeBelowKbps must be 0 (off) or above the minimum bitrate ({min}) and at most BitrateKbps ({cam.BitrateKbps}) (was {cam.DegradeBelowKbps})"));
        }

        if (!Enum.IsDefined(cam.DegradationPreference))
        {
            messages.Add($"{key}:DegradationPreference must be MaintainFramerate or MaintainResolution (was {cam.DegradationPreference})");
        }

        if (kind != CameraSourceKind.Test)
        {
            return;
        }

        if (!VideoTestPattern.IsKnown(cam.TestPattern))
        {
            messages.Add($"{key}:TestPattern '{cam.TestPattern}' is not a videotestsrc pattern; use one of {string.Join(", ", VideoTestPattern.Names)}");
        }

        if (Math.Abs((long)cam.TestPatternSpeed) > MaxTestPatternSpeed)
        {
            messages.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}:TestPatternSpeed must be -{MaxTestPatternSpeed}..{MaxTestPatternSpeed} pixels per frame (was {cam.TestPatternSpeed})"));
        }
    }
}
