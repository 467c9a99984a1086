using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// <see cref="IEncoderTuning"/> over one running pipeline: the encoder's <c>bitrate</c> property in the unit of its
/// factory (<see cref="EncoderBitrate"/>), and the <c>degrade</c> element as <see cref="DegradationControl"/> describes
/// (capsfilter <c>caps</c> or videorate <c>max-rate</c>). Owns a reference to the degrade element; dispose with the run.
/// </summary>
internal sealed class PipelineEncoderTuning : IEncoderTuning, IDisposable
{
    private readonly CameraPipelineRun _run;
    private readonly GstObjectHandle? _degrade;
    private readonly Func<double> _measuredFramerate;

    /// <summary>Binds to <paramref name="run"/>'s encoder and degrade element.</summary>
    /// <param name="run">The running pipeline.</param>
    /// <param name="measuredFramerate">The delivered frame rate, frames/s (for MaintainResolution with the source's own rate).</param>
    public PipelineEncoderTuning(CameraPipelineRun run, Func<double> measuredFramerate)
    {
        _run = run;
        _measuredFramerate = measuredFramerate;
        _degrade = run.Description.Degradation is null ? null : run.Pipeline.TryGetElement(VideoPipelineDescription.DegradeName);
    }

    /// <inheritdoc />
    public bool SetBitrate(int kbps) =>
        GstProperty.TrySetUInt(_run.Encoder, EncoderBitrate.Property, EncoderBitrate.PropertyValue(_run.Description.Encoder.Factory, kbps));

    /// <inheritdoc />
    public bool SetLevel(DegradationLevel level)
    {
        DegradationControl? control = _run.Description.Degradation;
        if (control is null || _degrade is null)
        {
            return false;
        }

        if (control.Preference == DegradationPreference.MaintainFramerate)
        {
            return GstProperty.TrySetFromString(_degrade, "caps", level == DegradationLevel.None ? control.FullCaps! : control.HalfCaps!);
        }

        int half = control.HalfMaxRate > 0 ? control.HalfMaxRate : Math.Max(1, (int)Math.Ceiling(_measuredFramerate() / 2));
        return GstProperty.TrySetInt(_degrade, "max-rate", level == DegradationLevel.None ? DegradationControl.FullMaxRate : half);
    }

    /// <inheritdoc />
    public void Dispose() => _degrade?.Dispose();
}
