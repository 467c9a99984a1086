using Microsoft.Extensions.Options;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// Validates <c>Gateway:Mjpeg</c> at start (<c>ValidateOnStart</c>); each message names the key, the allowed range and the
/// value found. The ranges are the <see cref="Media.Configuration.ConfigRangeAttribute"/>s on <see cref="MjpegOptions"/>,
/// checked by the public <c>Validate</c> that the <c>[OptionsValidator]</c> source generator writes; SocketSendBufferBytes
/// (0, or 1024..16777216) is code here.
/// </summary>
[OptionsValidator]
public sealed partial class MjpegOptionsValidator : IValidateOptions<MjpegOptions>
{
    // The options framework passes the options name ("" for IOptions<MjpegOptions>); the generated checks build keys from
    // it, so they run under the section path.
    ValidateOptionsResult IValidateOptions<MjpegOptions>.Validate(string? name, MjpegOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(Validate(MjpegOptions.SectionPath, options));
        int sndbuf = options.SocketSendBufferBytes;
        if (sndbuf != 0 && sndbuf is < 1024 or > 16 * 1024 * 1024)
        {
            builder.AddError($"{MjpegOptions.SectionPath}:{nameof(MjpegOptions.SocketSendBufferBytes)} must be 0 or 1024..16777216 (was {sndbuf})");
        }

        return builder.Build();
    }
}
