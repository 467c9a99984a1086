using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace RtcGateway.Media.Configuration;

/// <summary>
/// <see cref="RangeAttribute"/> with inclusive <see cref="int"/> bounds whose failure message names the configuration key
/// and the value found, e.g. <c>Gateway:Cameras:1:Width must be 16..4096 (was 0)</c> (DataAnnotations' own text, "The field …
/// must be between …", names neither). The key comes from <see cref="ConfigurationKey"/>. With <see cref="Even"/>, an
/// in-range odd value fails with <c>… must be even (was 721)</c> (picture sizes: 4:2:0 chroma subsampling, ITU-T H.264
/// §6.2). Checked by the <c>[OptionsValidator]</c> source-generated validators.
/// </summary>
/// <param name="minimum">Smallest allowed value.</param>
/// <param name="maximum">Largest allowed value.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ConfigRangeAttribute(int minimum, int maximum) : RangeAttribute(minimum, maximum)
{
    /// <summary>The value must also be even.</summary>
    public bool Even { get; set; }

    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (!IsValid(value))
        {
            return Fail(validationContext, $"must be {Minimum}..{Maximum} (was {value})");
        }

        return Even && value is int n && n % 2 != 0 ? Fail(validationContext, $"must be even (was {value})") : ValidationResult.Success;
    }

    // No member names: the options result builder would prefix them ("Width: …"); the message already names the key.
    private static ValidationResult Fail(ValidationContext context, FormattableString problem) =>
        new(ConfigurationKey.Of(context, context.MemberName ?? "") + " " + problem.ToString(CultureInfo.InvariantCulture));
}
