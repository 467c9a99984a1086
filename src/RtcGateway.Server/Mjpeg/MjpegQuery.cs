using System.Globalization;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// The validated query of <c>GET /api/cameras/{id}/mjpeg</c>: <c>fps</c> (a cap in frames/s, 0 &lt; fps ≤ the camera's
/// configured frame rate; absent = every frame) and <c>width</c>/<c>height</c>, which must name a size the camera's JPEG
/// branch produces (its <see cref="CameraOptions.JpegWidth"/> × <see cref="CameraOptions.JpegHeight"/>; one JPEG
/// branch per camera, so that is the only preset: a client cannot make the device encode arbitrary sizes).
/// </summary>
/// <param name="MaxFps">The frame-rate cap, frames/s, or null for none.</param>
internal sealed record MjpegQuery(double? MaxFps)
{
    /// <summary>Parses the query values; false with a reason (the 400 body) when one is invalid. Never throws.</summary>
    public static bool TryParse(string? fps, string? width, string? height, CameraOptions camera, out MjpegQuery? query, out string? error)
    {
        query = null;
        error = null;
        double? maxFps = null;
        if (!string.IsNullOrEmpty(fps))
        {
            if (!double.TryParse(fps, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) || !double.IsFinite(f) || f <= 0)
            {
                error = $"fps must be a number > 0 (was '{fps}')";
                return false;
            }

            if (f > camera.Framerate)
            {
                error = string.Create(CultureInfo.InvariantCulture,
                    $"fps must be ≤ {camera.Framerate} (the source frame rate of camera {camera.Id}), was {f}");
                return false;
            }

            maxFps = f;
        }

        string allowed = string.Create(CultureInfo.InvariantCulture, $"{camera.JpegWidth}x{camera.JpegHeight}");
        if (!Matches(width, camera.JpegWidth) || !Matches(height, camera.JpegHeight))
        {
            error = $"width/height must be one of the configured JPEG sizes of camera {camera.Id}: {allowed} (was {width ?? "-"}x{height ?? "-"})";
            return false;
        }

        query = new MjpegQuery(maxFps);
        return true;
    }

    private static bool Matches(string? value, int expected) =>
        string.IsNullOrEmpty(value)
        || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v == expected);
}
