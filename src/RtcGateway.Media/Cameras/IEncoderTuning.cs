namespace RtcGateway.Media.Cameras;

/// <summary>
/// The run-time knobs of one running pipeline that <see cref="EncoderRateControl"/> turns: the encoder's bitrate and the
/// degradation element. Implemented over GStreamer elements by <see cref="PipelineEncoderTuning"/>; by fakes in tests.
/// </summary>
internal interface IEncoderTuning
{
    /// <summary>Sets the encoder bitrate, kbit/s; false when the element refused (no such property).</summary>
    bool SetBitrate(int kbps);

    /// <summary>Switches the picture to <paramref name="level"/>; false when the pipeline has no degradation element.</summary>
    bool SetLevel(DegradationLevel level);
}
