using Microsoft.Extensions.Options;

namespace RtcGateway.Server.Metrics;

/// <summary>Validates <c>Gateway:Metrics</c> at start; the message names the key, the allowed range and the value found.</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    /// <summary>Smallest <see cref="MetricsOptions.SeriesExpiryMs"/>, ms.</summary>
    public const int MinSeriesExpiryMs = 1000;

    /// <summary>Largest <see cref="MetricsOptions.SeriesExpiryMs"/>, ms (one hour).</summary>
    public const int MaxSeriesExpiryMs = 3_600_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int value = options.SeriesExpiryMs;
        return value is >= MinSeriesExpiryMs and <= MaxSeriesExpiryMs
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{MetricsOptions.SectionPath}:{nameof(MetricsOptions.SeriesExpiryMs)} must be {MinSeriesExpiryMs}..{MaxSeriesExpiryMs} (was {value})");
    }
}
