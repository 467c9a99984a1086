using Microsoft.Extensions.Options;

namespace RtcGateway.Server.Mjpeg;

/// <summary>Validates <c>Gateway:Mjpeg</c> at start; each message names the key, the allowed range and the value found.</summary>
public sealed class MjpegOptionsValidator : IValidateOptions<MjpegOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MjpegOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Range(errors, nameof(MjpegOptions.SnapshotTimeoutMs), options.SnapshotTimeoutMs, 500, 120_000);
        Range(errors, nameof(MjpegOptions.StreamIdleCheckMs), options.StreamIdleCheckMs, 500, 120_000);
        Range(errors, nameof(MjpegOptions.ResponseBufferBytes), options.ResponseBufferBytes, -1, 16 * 1024 * 1024);
        if (options.SocketSendBufferBytes != 0)
        {
            Range(errors, nameof(MjpegOptions.SocketSendBufferBytes), options.SocketSendBufferBytes, 1024, 16 * 1024 * 1024);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{MjpegOptions.SectionPath}:{key} must be {min}..{max} (was {value})");
        }
    }
}
