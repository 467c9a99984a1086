using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Prometheus;

namespace RtcGateway.Server.Metrics;

/// <summary>
/// Exports the <see cref="GatewayMetrics.Meter"/> (and nothing else) in the Prometheus text format through
/// prometheus-net's <c>MeterAdapter</c>, into a registry of this host's own (<see cref="Registry"/>, served at
/// <c>GET /metrics</c>). prometheus-net translates names as <c>lower(meter + "_" + instrument)</c> with every character
/// outside <c>[a-z0-9_]</c> replaced by <c>_</c>, and reads observable instruments just before each scrape.
/// <para>
/// Two properties of the adapter show in the output: every series is typed <c>gauge</c> (it cannot know that a .NET
/// counter is never recreated; the <c>_total</c> series never decrease, so <c>rate()</c> applies), and a series that is
/// no longer observed (an ended session's) disappears after <see cref="MetricsOptions.SeriesExpiryMs"/> to twice that.
/// The adapter also adds its own <c>prometheus_net_meteradapter_instruments_connected</c> gauge.
/// </para>
/// </summary>
public sealed class PrometheusExporter : IHostedService, IDisposable
{
    private readonly Meter _meter;
    private readonly IOptions<MetricsOptions> _options;
    private IDisposable? _adapter;

    /// <summary>Creates the exporter (DI, resolved when the host starts); listening starts with the host.</summary>
    /// <param name="metrics">The gateway's instruments.</param>
    /// <param name="registry">This host's registry, the one <c>GET /metrics</c> serializes (a singleton of its own, so
    /// mapping the endpoint resolves nothing else before start).</param>
    /// <param name="options">Series expiry.</param>
    public PrometheusExporter(GatewayMetrics metrics, CollectorRegistry registry, IOptions<MetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        _meter = metrics.Meter;
        _options = options; // read at start, after validation
        Registry = registry;
    }

    /// <summary>The registry <c>GET /metrics</c> serializes.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Starts listening to the gateway's meter.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Meter meter = _meter;
        _adapter ??= MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            // Set explicitly: its default is prometheus-net's static default factory (the process-wide default registry),
            // which would take every series and leave this registry with the adapter's own gauge only.
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, meter),
            MetricsExpireAfter = TimeSpan.FromMilliseconds(_options.Value.SeriesExpiryMs),
        });
        return Task.CompletedTask;
    }

    /// <summary>Stops listening.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _adapter, null)?.Dispose();
}
