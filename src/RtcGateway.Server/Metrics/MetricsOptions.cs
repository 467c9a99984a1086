namespace RtcGateway.Server.Metrics;

/// <summary>
/// Settings of <c>GET /metrics</c>, bound from <c>Gateway:Metrics</c> (e.g. <c>--Gateway:Metrics:SeriesExpiryMs=10000</c>).
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section path.</summary>
    public const string SectionPath = "Gateway:Metrics";

    /// <summary>
    /// How long a series that is no longer observed stays in the exposition, ms (1000..3600000, default 30000): an
    /// ended session's <c>rtcgateway_session_*</c> series disappear 1–2 times this long after it ended (prometheus-net's
    /// <c>MeterAdapterOptions.MetricsExpireAfter</c>; live series are observed at every scrape and never expire).
    /// </summary>
    public int SeriesExpiryMs { get; set; } = 30_000;
}
