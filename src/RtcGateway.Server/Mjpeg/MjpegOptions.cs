using RtcGateway.Media.Configuration;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// MJPEG and snapshot settings, bound from <c>Gateway:Mjpeg</c> (e.g. <c>--Gateway:Mjpeg:SnapshotTimeoutMs=3000</c>).
/// </summary>
public sealed class MjpegOptions
{
    /// <summary>The configuration section path.</summary>
    public const string SectionPath = "Gateway:Mjpeg";

    /// <summary>How long <c>GET /api/cameras/{id}/snapshot</c> waits for a frame captured after the request, ms
    /// (500..120000, default 5000); then 503.</summary>
    [ConfigRange(500, 120_000)]
    public int SnapshotTimeoutMs { get; set; } = 5000;

    /// <summary>An MJPEG stream that receives no frame for this long while the camera is Failed ends, ms (500..120000,
    /// default 5000). While the camera is merely starting or restarting the stream waits.</summary>
    [ConfigRange(500, 120_000)]
    public int StreamIdleCheckMs { get; set; } = 5000;

    /// <summary>
    /// SO_SNDBUF of MJPEG connections, bytes (0 = the OS default with autotuning; else 1024..16777216; Linux doubles it and clamps to ≥ 4608). Bytes in the
    /// kernel send buffer are frames already committed to a client: a small buffer keeps a slow client's frames fresh
    /// (latest-wins happens when buffer space frees), a large one sustains throughput over long round trips. Default 0.
    /// </summary>
    public int SocketSendBufferBytes { get; set; }

    /// <summary>
    /// Kestrel's output buffering for the whole server, bytes (-1 = leave Kestrel's defaults, 64 KiB + 64 KiB;
    /// 0..16777216): <c>KestrelServerOptions.Limits.MaxResponseBufferSize</c> (application pipe) and
    /// <c>SocketTransportOptions.MaxWriteBufferSize</c> (transport pipe, at least 1). Kestrel lets a response run this
    /// far ahead of the socket before a flush waits; for MJPEG those
    /// bytes are frames committed to a client that is not reading, i.e. stale frames. 0 (default) makes every flush wait
    /// until the socket took the bytes, so the next part is chosen (latest-wins) only when the client is ready for it.
    /// Set by <see cref="MjpegServiceCollectionExtensions.AddMjpeg"/>; it applies to every response (all of which are
    /// small or streamed), so a deployment that serves large files can set -1.
    /// </summary>
    [ConfigRange(-1, 16 * 1024 * 1024)]
    public int ResponseBufferBytes { get; set; }
}
