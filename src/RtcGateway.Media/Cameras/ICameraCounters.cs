namespace RtcGateway.Media.Cameras;

/// <summary>
/// Encoder and pipeline event counters a camera keeps since it was created (all pipeline runs); values only grow.
/// Implemented by <see cref="Camera"/>; read by the Server's metrics (<c>rtcgateway_camera_keyframes_total</c>,
/// <c>rtcgateway_camera_keyframe_requests_total</c>, <c>rtcgateway_camera_pipeline_errors_total</c>). Reads are
/// thread-safe and allocation-free.
/// </summary>
public interface ICameraCounters
{
    /// <summary>IDR access units delivered while no forced keyframe request was in flight: the encoder's own GOP
    /// (<c>key-int-max</c> / <c>idrinterval</c>, and the first IDR of every run) or the time-based schedule of
    /// source-rate cameras.</summary>
    long KeyframesPeriodic { get; }

    /// <summary>IDR access units delivered while a forced keyframe request (<see cref="ICamera.RequestKeyframe"/>: PLI,
    /// FIR, a viewer joining or dropping frames) was in flight, i.e. the IDRs those requests produced.</summary>
    long KeyframesForced { get; }

    /// <summary>Force-key-unit events sent to the encoder on request (GstForceKeyUnit upstream event, after coalescing;
    /// requests absorbed by an in-flight one are not counted).</summary>
    long KeyframeRequestsSent { get; }

    /// <summary>Pipeline runs that ended in an error: a GStreamer bus ERROR message, a pipeline that could not be
    /// described or built, or a configuration rejected at start. Stalls and unexpected end-of-stream are not errors here
    /// (they count as restarts, <see cref="CameraStatus.Restarts"/>).</summary>
    long PipelineErrors { get; }
}
