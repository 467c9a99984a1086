using RtcGateway.Media;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// A JPEG frame as published by a <see cref="JpegFanout"/>: the camera's <see cref="JpegFrame"/> (shared, never copied
/// per client) and the fan-out's version number (1, 2, 3, … per frame received; monotonic across pipeline restarts,
/// unlike <see cref="JpegFrame.Sequence"/>).
/// </summary>
/// <param name="Frame">The frame (JFIF bytes, size, capture time in µs since the Unix epoch).</param>
/// <param name="Version">The fan-out's frame counter value of this frame, ≥ 1.</param>
public sealed record JpegFanoutFrame(JpegFrame Frame, long Version);
