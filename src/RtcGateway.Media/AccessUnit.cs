namespace RtcGateway.Media;

/// <summary>
/// One H.264 access unit (ITU-T H.264 §7.4.1.2.3): the NAL units of one encoded frame,
/// as delivered by the encoder's appsink and copied out of the GStreamer buffer exactly once.
/// </summary>
public sealed class AccessUnit
{
    /// <summary>The Annex-B byte stream of the whole access unit (start codes included): the one copy made per access unit.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The NAL units of the access unit, in decoding order, as slices of <see cref="Data"/> without their start codes
    /// (each begins with the one-byte NAL unit header, RFC 6184 §1.3).</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> NalUnits { get; init; }

    /// <summary>Capture time of the frame as wall clock, microseconds since the Unix epoch (UTC), derived from the buffer
    /// PTS and the pipeline clock's base time.</summary>
    public required long CaptureTimeUs { get; init; }

    /// <summary>The buffer's presentation timestamp in pipeline running time, nanoseconds.</summary>
    public required long PtsNs { get; init; }

    /// <summary>True when the access unit holds an IDR picture (NAL unit type 5).</summary>
    public required bool IsKeyframe { get; init; }

    /// <summary>The facts of the most recent sequence parameter set of this stream (carried on every access unit once an SPS was seen),
    /// or null before the first SPS.</summary>
    public H264.H264SpsInfo? Sps { get; init; }

    /// <summary>Monotonic per-camera sequence number of this access unit, starting at 0 for each pipeline run.</summary>
    public long Sequence { get; init; }
}
