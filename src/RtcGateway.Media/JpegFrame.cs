namespace RtcGateway.Media;

/// <summary>One JPEG-encoded frame from a camera's JPEG branch (scale + jpegenc/nvjpegenc + appsink).</summary>
public sealed class JpegFrame
{
    /// <summary>The complete JFIF image (SOI … EOI), copied once out of the GStreamer buffer.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Image width, pixels.</summary>
    public required int Width { get; init; }

    /// <summary>Image height, pixels.</summary>
    public required int Height { get; init; }

    /// <summary>Capture time, microseconds since the Unix epoch (UTC).</summary>
    public required long CaptureTimeUs { get; init; }

    /// <summary>Monotonic per-camera JPEG frame counter.</summary>
    public long Sequence { get; init; }
}
