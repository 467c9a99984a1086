using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Turns a keyframe request into calls on the encoder. Every encoder gets the standard upstream GstForceKeyUnit event
/// (GstVideoEncoder marks the next frame FORCE_KEYFRAME). <c>nvv4l2h264enc</c> additionally gets NVIDIA's
/// <c>force-IDR</c> action signal (NVIDIA Jetson Accelerated GStreamer guide, "force-IDR"; L4T gst-v4l2 registers it
/// as G_SIGNAL_ACTION with no parameters), because whether the L4T encoder honours the event's FORCE_KEYFRAME flag
/// differs between JetPack releases and the signal is NVIDIA's documented way. An extra IDR from both firing at once
/// is one picture; the keyframe gate upstream already coalesces requests.
/// Time-scheduled keyframes (<see cref="ScheduleAt"/>, a future running time) use the event only: force-IDR acts on the
/// next frame and would key the wrong one.
/// </summary>
internal sealed class KeyframeRequester(EncoderChoice encoder, IEncoderKeyframeControl control)
{
    /// <summary>NVIDIA's action signal name on nvv4l2h264enc (case-sensitive).</summary>
    public const string ForceIdrSignal = "force-IDR";

    /// <summary>Whether <paramref name="encoder"/> gets the <c>force-IDR</c> signal as well as the event.</summary>
    public static bool UsesForceIdrSignal(EncoderChoice encoder) =>
        encoder is not null && encoder.Factory == EncoderChoice.NvV4l2H264Enc;

    /// <summary>Asks for an IDR on the next frame (PLI/FIR, a new viewer). True when at least one way was accepted.</summary>
    public bool RequestNow()
    {
        bool sent = control.SendForceKeyUnit(GstNative.ClockTimeNone);
        if (UsesForceIdrSignal(encoder))
        {
            sent |= control.EmitForceIdr();
        }

        return sent;
    }

    /// <summary>Asks for an IDR on the first frame at or after <paramref name="runningTime"/> (ns): event only.</summary>
    public bool ScheduleAt(ulong runningTime) => control.SendForceKeyUnit(runningTime);
}
