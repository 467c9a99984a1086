namespace RtcGateway.Media.H264;

/// <summary>
/// Turns one encoder output buffer (an Annex-B access unit, ITU-T H.264 §7.4.1.2.3) into an <see cref="AccessUnit"/>:
/// splits the NAL units (slices of the single copy), flags IDR access units as keyframes and tracks the latest SPS.
/// </summary>
public static class AccessUnitFactory
{
    /// <summary>
    /// Creates the access unit. <paramref name="data"/> is the one copy out of the GStreamer buffer and is not copied again.
    /// Never throws on malformed bitstreams (a buffer without start codes gives an access unit with no NAL units).
    /// </summary>
    /// <param name="data">Annex-B bytes of the access unit (owned by the result from now on).</param>
    /// <param name="ptsNs">Buffer PTS in pipeline running time, ns.</param>
    /// <param name="captureTimeUs">Capture wall-clock time, µs since the Unix epoch (UTC).</param>
    /// <param name="sequence">Per-camera access unit counter.</param>
    /// <param name="previousSps">The SPS facts of the previous access unit of this stream (null before the first SPS).</param>
    /// <returns>The access unit: <see cref="AccessUnit.IsKeyframe"/> when a NAL unit of type 5 is present;
    /// <see cref="AccessUnit.Sps"/> = the parsed SPS of this access unit when it holds a valid one (the
    /// <paramref name="previousSps"/> instance itself when unchanged), otherwise <paramref name="previousSps"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public static AccessUnit Create(byte[] data, long ptsNs, long captureTimeUs, long sequence, H264SpsInfo? previousSps)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Create(new ReadOnlyMemory<byte>(data), ptsNs, captureTimeUs, sequence, previousSps);
    }

    /// <summary>As <see cref="Create(byte[], long, long, long, H264SpsInfo?)"/> for memory the caller already owns exclusively.</summary>
    /// <param name="data">Annex-B bytes of the access unit.</param>
    /// <param name="ptsNs">Buffer PTS in pipeline running time, ns.</param>
    /// <param name="captureTimeUs">Capture wall-clock time, µs since the Unix epoch (UTC).</param>
    /// <param name="sequence">Per-camera access unit counter.</param>
    /// <param name="previousSps">The previous SPS facts, or null.</param>
    /// <returns>The access unit.</returns>
    public static AccessUnit Create(ReadOnlyMemory<byte> data, long ptsNs, long captureTimeUs, long sequence, H264SpsInfo? previousSps)
    {
        List<ReadOnlyMemory<byte>> nals = AnnexB.SplitNalUnits(data);
        bool keyframe = false;
        H264SpsInfo? sps = previousSps;
        foreach (ReadOnlyMemory<byte> nal in nals)
        {
            switch (AnnexB.GetNalUnitType(nal.Span))
            {
                case NalUnitType.IdrSlice:
                    keyframe = true;
                    break;
                case NalUnitType.Sps when H264SpsParser.TryParse(nal.Span, out H264SpsInfo? parsed):
                    sps = parsed == previousSps ? previousSps : parsed;
                    break;
            }
        }

        return new AccessUnit
        {
            Data = data,
            NalUnits = nals,
            PtsNs = ptsNs,
            CaptureTimeUs = captureTimeUs,
            IsKeyframe = keyframe,
            Sps = sps,
            Sequence = sequence,
        };
    }
}
