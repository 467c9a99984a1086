using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Decides whether a bus ERROR is a configuration error (the camera goes to <see cref="CameraState.Failed"/>) or a
/// transient failure (restart with backoff). GError domains/codes from gstreamer/gsterror.h.
/// Only errors of a pipeline that never delivered an access unit can be configuration errors: once a configuration
/// worked, later failures are treated as transient.
/// </summary>
internal static class PipelineErrorClassifier
{
    private const string CoreDomain = "gst-core-error-quark";
    private const string ResourceDomain = "gst-resource-error-quark";
    private const string StreamDomain = "gst-stream-error-quark";

    private const int CoreNegotiation = 7;
    private const int CoreCaps = 10;
    private const int CoreMissingPlugin = 12;
    private const int ResourceNotFound = 3;
    private const int ResourceOpenRead = 5;
    private const int ResourceNotAuthorized = 15;
    private const int StreamTypeNotFound = 4;
    private const int StreamWrongType = 5;
    private const int StreamCodecNotFound = 6;
    private const int StreamFormat = 11;

    public static bool IsConfigurationError(GstErrorInfo error, string? debug, CameraSourceKind sourceKind, bool everStreamed)
    {
        if (everStreamed)
        {
            return false;
        }

        // "streaming stopped, reason not-negotiated": impossible caps for this source/size/rate.
        if ((debug?.Contains("not-negotiated", StringComparison.Ordinal) ?? false)
            || error.Message.Contains("not-negotiated", StringComparison.Ordinal))
        {
            return true;
        }

        return error.Domain switch
        {
            CoreDomain => error.Code is CoreNegotiation or CoreCaps or CoreMissingPlugin,
            StreamDomain => error.Code is StreamTypeNotFound or StreamWrongType or StreamCodecNotFound or StreamFormat,
            // a missing/unreadable file will not fix itself; a device or network camera may come back (retry).
            ResourceDomain => sourceKind == CameraSourceKind.File
                && error.Code is ResourceNotFound or ResourceOpenRead or ResourceNotAuthorized,
            _ => false,
        };
    }
}
