using System.Globalization;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Validates the configured cameras (<c>Gateway:Cameras</c>) at start-up and fills defaults.
/// </summary>
public static class CameraOptionsValidator
{
    /// <summary>Configuration section of the camera list.</summary>
    public const string SectionPath = "Gateway:Cameras";

    /// <summary>Longest accepted camera id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// Checks every camera and returns one message per problem, each naming the configuration key, e.g.
    /// <c>Gateway:Cameras:1:Width must be 16..4096 (was 0)</c>,
    /// <c>Gateway:Cameras:0:Source: file '/x.mp4' does not exist</c>,
    /// <c>Gateway:Cameras:2:Id 'cam0' is a duplicate of Gateway:Cameras:0:Id</c>.
    /// Side effects: an empty <see cref="CameraOptions.Id"/> becomes <c>camN</c> (N = list index) and an empty
    /// <see cref="CameraOptions.Name"/> becomes the id. Never throws for bad values.
    /// Ranges: Width/Height and JpegWidth/JpegHeight 16..4096 and even (4:2:0 chroma subsampling, ITU-T H.264 §6.2),
    /// Framerate 0..120 where 0 (the source's own rate) is accepted only for <c>file:</c>, <c>v4l2:</c> and <c>rtsp://</c> sources
    /// (<c>Gateway:Cameras:0:Framerate 0 (the source's own rate) is only possible for file:, v4l2: and rtsp:// sources; test needs 1..120</c>), BitrateKbps 50..100000 (and the target keys checked by
    /// <see cref="EncoderTargetValidator"/>), KeyframeIntervalMs 100..60000, KeyframeMinSpacingMs 0..60000,
    /// JpegQuality 1..100, LingerMs 0..3600000, StallTimeoutMs 500..600000; Id of letters, digits, <c>-</c>, <c>_</c>, <c>.</c> (it appears in URLs).
    /// </summary>
    /// <param name="cameras">The cameras in configuration order (may be empty: no messages).</param>
    /// <param name="fileExists">Answers whether a file path exists (injected; <c>File.Exists</c> in production).</param>
    /// <returns>The problems; empty when the configuration is valid.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> Validate(IReadOnlyList<CameraOptions> cameras, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(fileExists);
        var messages = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < cameras.Count; i++)
        {
            CameraOptions? cam = cameras[i];
            string key = $"{SectionPath}:{i.ToString(CultureInfo.InvariantCulture)}";
            if (cam is null)
            {
                messages.Add($"{key} is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(cam.Id))
            {
                cam.Id = "cam" + i.ToString(CultureInfo.InvariantCulture);
            }

            if (string.IsNullOrWhiteSpace(cam.Name))
            {
                cam.Name = cam.Id;
            }

            if (cam.Id.Length > MaxIdLength || !cam.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                messages.Add($"{key}:Id '{cam.Id}' must be 1..{MaxIdLength} characters of letters, digits, '-', '_' or '.'");
            }
            else if (ids.TryGetValue(cam.Id, out int first))
            {
                messages.Add($"{key}:Id '{cam.Id}' is a duplicate of {SectionPath}:{first.ToString(CultureInfo.InvariantCulture)}:Id");
            }
            else
            {
                ids.Add(cam.Id, i);
            }

            bool parsed = CameraSourceUri.TryParse(cam.Source, out CameraSourceUri? source, out string error);
            if (!parsed)
            {
                messages.Add($"{key}:Source: {error}");
            }
            else if (source!.Kind == CameraSourceKind.File && !fileExists(source.Path!))
            {
                messages.Add($"{key}:Source: file '{source.Path}' does not exist");
            }

            Dimension(messages, key, nameof(CameraOptions.Width), cam.Width);
            Dimension(messages, key, nameof(CameraOptions.Height), cam.Height);
            if (Range(messages, key, nameof(CameraOptions.Framerate), cam.Framerate, 0, 120) && cam.Framerate == 0 && parsed
                && !PipelineDescriptionBuilder.KeepsSourceFramerate(source!.Kind))
            {
                messages.Add($"{key}:Framerate 0 (the source's own rate) is only possible for file:, v4l2: and rtsp:// sources; " +
                             $"{source.ToLogString()} needs 1..120");
            }
            if (Range(messages, key, nameof(CameraOptions.BitrateKbps), cam.BitrateKbps, 50, 100_000))
            {
                EncoderTargetValidator.Validate(messages, key, cam, parsed ? source!.Kind : null);
            }

            Range(messages, key, nameof(CameraOptions.KeyframeIntervalMs), cam.KeyframeIntervalMs, 100, 60_000);
            Range(messages, key, nameof(CameraOptions.KeyframeMinSpacingMs), cam.KeyframeMinSpacingMs, 0, 60_000);
            Dimension(messages, key, nameof(CameraOptions.JpegWidth), cam.JpegWidth);
            Dimension(messages, key, nameof(CameraOptions.JpegHeight), cam.JpegHeight);
            Range(messages, key, nameof(CameraOptions.JpegQuality), cam.JpegQuality, 1, 100);
            Range(messages, key, nameof(CameraOptions.LingerMs), cam.LingerMs, 0, 3_600_000);
            Range(messages, key, nameof(CameraOptions.StallTimeoutMs), cam.StallTimeoutMs, 500, 600_000);
        }

        return messages;
    }

    private static bool Range(List<string> messages, string key, string name, int value, int min, int max)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        messages.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{name} must be {min}..{max} (was {value})"));
        return false;
    }

    private static void Dimension(List<string> messages, string key, string name, int value)
    {
        if (Range(messages, key, name, value, 16, 4096) && value % 2 != 0)
        {
            messages.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{name} must be even (was {value})"));
        }
    }
}
