namespace RtcGateway.Media.Pipelines;

/// <summary>The kind of a camera source (<c>Gateway:Cameras:N:Source</c>), see <see cref="CameraSourceUri"/>.</summary>
public enum CameraSourceKind
{
    /// <summary><c>test</c>: GStreamer <c>videotestsrc</c> with a moving pattern and a running clock overlay.</summary>
    Test,

    /// <summary><c>file:PATH</c>: a media file decoded and paced in real time, looped by the runtime with segment seeks.</summary>
    File,

    /// <summary><c>v4l2:/dev/videoN</c>: a Video4Linux2 capture device (USB/UVC camera), raw or MJPEG.</summary>
    V4l2,

    /// <summary><c>csi:N</c>: a MIPI CSI sensor through Jetson's libargus (<c>nvarguscamerasrc sensor-id=N</c>).</summary>
    Csi,

    /// <summary><c>rtsp://…</c> / <c>rtsps://…</c>: an RTSP stream (RFC 2326 / RFC 7826), decoded and re-encoded.</summary>
    Rtsp,
}
