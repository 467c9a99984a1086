namespace RtcGateway.Media.Cameras;

/// <summary>
/// One camera: a GStreamer pipeline (source → H.264 encoder → appsink, and an on-demand JPEG branch) started on the
/// first consumer and stopped <see cref="CameraOptions.LingerMs"/> after the last one leaves (unless
/// <see cref="CameraOptions.AlwaysOn"/>). Thread-safe. Subscriber callbacks run on the camera's worker thread, one at a
/// time: they must be quick (copy a reference into a bounded queue and return); a callback that throws is logged and
/// does not affect the camera or other subscribers.
/// </summary>
public interface ICamera
{
    /// <summary>The camera id (<see cref="CameraOptions.Id"/>).</summary>
    string Id { get; }

    /// <summary>The configuration this camera runs with.</summary>
    CameraOptions Options { get; }

    /// <summary>A snapshot of the current state and counters.</summary>
    CameraStatus Status { get; }

    /// <summary>Raised (on an arbitrary thread) after <see cref="CameraStatus.State"/> or <see cref="CameraStatus.LastError"/> changed.</summary>
    event Action<ICamera>? StatusChanged;

    /// <summary>
    /// Subscribes to H.264 access units (Annex-B, one per encoded frame); the first consumer starts the pipeline.
    /// Dispose the result to unsubscribe. The first access unit a new subscriber sees may be a non-IDR: call
    /// <see cref="RequestKeyframe"/> on join.
    /// </summary>
    IDisposable SubscribeAccessUnits(Action<AccessUnit> onAccessUnit);

    /// <summary>Subscribes to JPEG frames; the JPEG branch valve (<c>jpegvalve</c>) is open while at least one JPEG subscriber exists.</summary>
    IDisposable SubscribeJpeg(Action<JpegFrame> onFrame);

    /// <summary>
    /// Asks the encoder for an IDR with SPS/PPS (upstream GstForceKeyUnit event, all-headers=true). Coalesced: at most
    /// one request in flight (until the next IDR or 1 s), and at least <see cref="CameraOptions.KeyframeMinSpacingMs"/>
    /// between two sent requests (a request inside that spacing is deferred, not lost). No-op when not running.
    /// </summary>
    void RequestKeyframe();

    /// <summary>The encoder target, kbit/s (<see cref="CameraOptions.BitrateKbps"/> until <see cref="SetTargetBitrate"/>
    /// changes it).</summary>
    int TargetBitrateKbps { get; }

    /// <summary>
    /// Sets the encoder target, kbit/s, clamped to <see cref="CameraOptions.EffectiveMinBitrateKbps"/>..<see cref="CameraOptions.BitrateKbps"/>.
    /// Returns at once with the clamped target; the camera applies it to the running encoder element (x264enc
    /// <c>bitrate</c> kbit/s; nvv4l2h264enc and openh264enc <c>bitrate</c> bit/s) at most once per 500 ms (a cut of more
    /// than 25 % at once), and steps the picture down below <see cref="CameraOptions.DegradeBelowKbps"/>. A pipeline
    /// (re)start applies the current target. Thread-safe.
    /// </summary>
    /// <param name="kbps">Wanted bitrate, kbit/s.</param>
    /// <returns>The target now in force, kbit/s.</returns>
    int SetTargetBitrate(int kbps);
}
