using System.Globalization;
using Microsoft.Extensions.Options;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Cameras;

/// <summary>
/// Validates the configured cameras (<c>Gateway:Cameras</c>) at start-up and fills defaults. The per-field ranges are the
/// <see cref="Configuration.ConfigRangeAttribute"/>s on <see cref="CameraOptions"/>, checked by the instance
/// <see cref="IValidateOptions{TOptions}.Validate"/> that the <c>[OptionsValidator]</c> source generator writes (options
/// name = the camera's section path, e.g. <c>Gateway:Cameras:1</c>); ids, sources and Framerate 0 are checked in code. Not
/// registered with ValidateOnStart: <see cref="CameraManager"/> runs it so that a camera with a bad configuration fails
/// alone (state Failed) while the others work.
/// </summary>
[OptionsValidator]
public sealed partial class CameraOptionsValidator : IValidateOptions<CameraOptions>
{
    private static readonly CameraOptionsValidator Attributes = new();

    /// <summary>Configuration section of the camera list.</summary>
    public const string SectionPath = "Gateway:Cameras";

    /// <summary>Longest accepted camera id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// Checks every camera and returns one message per problem (per camera: id, source, then the ranges in property order,
    /// then Framerate 0), each naming the configuration key, e.g.
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

            ValidateOptionsResult ranges = Attributes.Validate(key, cam);
            if (ranges.Failed)
            {
                messages.AddRange(ranges.Failures);
            }

            if (cam.Framerate == 0 && parsed && !PipelineDescriptionBuilder.KeepsSourceFramerate(source!.Kind))
            {
                messages.Add($"{key}:Framerate 0 (the source's own rate) is only possible for file:, v4l2: and rtsp:// sources; " +
                             $"{source.ToLogString()} needs 1..120");
            }

            if (cam.BitrateKbps is >= 50 and <= 100_000)
            {
                EncoderTargetValidator.Validate(messages, key, cam, parsed ? source!.Kind : null);
            }
        }

        return messages;
    }
}
