using System.Net;
using RtcGateway.Server.Tests.Api;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Metrics;

/// <summary><c>GET /metrics</c> on an in-process gateway: the exporter wiring (names, labels, values read from the
/// counters the gateway keeps) and the life of a session's series.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MetricsEndpointTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    public static async Task<PrometheusText> ScrapeAsync(GatewayInstance gateway)
    {
        using HttpResponseMessage response = await gateway.Http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Scrapes every 100 ms until <paramref name="condition"/> holds; null when it never did within <paramref name="timeout"/>.</summary>
    public static async Task<PrometheusText?> ScrapeUntilAsync(GatewayInstance gateway, Func<PrometheusText, bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            PrometheusText metrics = await ScrapeAsync(gateway);
            if (condition(metrics))
            {
                return metrics;
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Every_series_is_the_gateways_own_and_carries_the_documented_labels()
    {
        PrometheusText metrics = await ScrapeAsync(_gateway);

        // Only the RtcGateway meter is exported (no ASP.NET Core or runtime meters), plus the adapter's own gauge.
        Assert.NotEmpty(metrics.Samples);
        Assert.All(metrics.Samples, s => Assert.True(
            s.Name.StartsWith("rtcgateway_", StringComparison.Ordinal) || s.Name == "prometheus_net_meteradapter_instruments_connected",
            s.Name));
        foreach (PrometheusText.Sample s in metrics.Samples.Where(s => s.Name.StartsWith("rtcgateway_camera_", StringComparison.Ordinal)))
        {
            Assert.Contains(s.Labels["camera"], new[] { "cam0", "broken", "weird" });
            Assert.DoesNotContain("session", s.Labels.Keys);
        }

        foreach (string name in new[] { "rtcgateway_udp_datagrams_received_total", "rtcgateway_udp_datagrams_sent_total",
                     "rtcgateway_udp_unrouted_datagrams_total", "rtcgateway_udp_send_errors_total", "rtcgateway_dtls_discarded_records_total",
                     "rtcgateway_control_commands_forwarded_total", "rtcgateway_control_deadman_stops_total" })
        {
            Assert.Single(metrics.Find(name));
        }

        Assert.Equal(2, metrics.Find("rtcgateway_control_lease_changes_total").Count());
    }

    [Fact]
    public async Task Camera_state_is_one_for_the_current_state_and_zero_for_the_others()
    {
        PrometheusText metrics = await ScrapeAsync(_gateway);

        Assert.Equal(1, metrics.Value("rtcgateway_camera_state", ("camera", "broken"), ("state", "Failed")));
        Assert.Equal(5, metrics.Find("rtcgateway_camera_state", ("camera", "broken")).Count());
        Assert.Equal(1, metrics.Find("rtcgateway_camera_state", ("camera", "broken")).Sum(s => s.Value));
        Assert.Equal(0, metrics.Value("rtcgateway_camera_state", ("camera", "cam0"), ("state", "Failed")));
        Assert.Equal(1, metrics.Find("rtcgateway_camera_state", ("camera", "cam0")).Sum(s => s.Value));
        // The missing file is a configuration error: one pipeline error, no restart.
        Assert.Equal(1, metrics.Value("rtcgateway_camera_pipeline_errors_total", ("camera", "broken")));
        Assert.Equal(0, metrics.Value("rtcgateway_camera_restarts_total", ("camera", "broken")));
    }

    [Fact]
    public async Task Target_bitrate_is_the_configured_one_in_bits_per_second()
    {
        PrometheusText metrics = await ScrapeAsync(_gateway);

        Assert.Equal(300_000, metrics.Value("rtcgateway_camera_target_bitrate_bits_per_second", ("camera", "cam0")));
        Assert.Equal(2_500_000, metrics.Value("rtcgateway_camera_target_bitrate_bits_per_second", ("camera", "broken")));
    }

    [Fact]
    public async Task Unrouted_datagrams_are_read_from_the_session_manager()
    {
        using var socket = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        long before = _gateway.Sessions.UnroutedDatagrams;
        await socket.SendAsync(new byte[] { 0x00, 0x01, 0x02 }, new IPEndPoint(IPAddress.Loopback, _gateway.UdpPort));
        Assert.True(await GatewayInstance.WaitUntilAsync(() => _gateway.Sessions.UnroutedDatagrams > before, TimeSpan.FromSeconds(5)));

        PrometheusText metrics = await ScrapeAsync(_gateway);

        Assert.True(metrics.Value("rtcgateway_udp_unrouted_datagrams_total") >= before + 1);
        Assert.True(metrics.Value("rtcgateway_udp_datagrams_received_total") >= before + 1);
    }

    /// <summary>
    /// A WHEP session's series appear with its id as a label while it lives (cardinality bounded by MaxSessions) and
    /// disappear once it ended (series expiry 1 s here); the camera's access units and its first (periodic) IDR are
    /// counted while the session holds the camera.
    /// </summary>
    [Fact]
    public async Task A_sessions_series_live_with_it_and_disappear_after_it_ended()
    {
        await using GatewayInstance gateway = await GatewayInstance.StartAsync(
            [.. GatewayInstance.TestCamera(0, "cam0"), "--Gateway:Metrics:SeriesExpiryMs=1000"]);
        using HttpResponseMessage created = await WhepTests.PostOfferAsync(gateway, "cam0", OfferFixtures.Chromium);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string location = created.Headers.Location!.OriginalString;
        string session = location[(location.LastIndexOf('/') + 1)..];

        PrometheusText live = await ScrapeAsync(gateway);
        Assert.Equal(1, live.Value("rtcgateway_camera_viewers", ("camera", "cam0")));
        foreach (string name in new[] { "rtcgateway_session_packets_sent_total", "rtcgateway_session_bytes_sent_total",
                     "rtcgateway_session_nacks_total", "rtcgateway_session_retransmissions_total", "rtcgateway_session_plis_total",
                     "rtcgateway_session_frames_dropped_total", "rtcgateway_session_dtls_discarded_records_total" })
        {
            Assert.Equal(0, live.Value(name, ("camera", "cam0"), ("session", session))); // not connected: nothing sent yet
        }

        Assert.Empty(live.Find("rtcgateway_session_round_trip_time_seconds", ("session", session))); // no receiver report yet
        Assert.NotNull(await ScrapeUntilAsync(gateway, m =>
            m.Value("rtcgateway_camera_keyframes_total", ("camera", "cam0"), ("cause", "periodic")) >= 1
            && m.Value("rtcgateway_camera_access_units_total", ("camera", "cam0")) >= 2, TimeSpan.FromSeconds(20)));

        using HttpResponseMessage deleted = await gateway.Http.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        PrometheusText? after = await ScrapeUntilAsync(gateway,
            m => !m.Samples.Any(s => s.Labels.TryGetValue("session", out string? id) && id == session), TimeSpan.FromSeconds(10));
        Assert.NotNull(after); // else the ended session's series are still exported
        Assert.Equal(0, after.Value("rtcgateway_camera_viewers", ("camera", "cam0")));
        Assert.Equal(0, after.Value("rtcgateway_camera_packets_sent_total", ("camera", "cam0"))); // the ended session's, folded
    }

    [Fact]
    public async Task Series_expiry_out_of_range_fails_start_naming_the_key()
    {
        await using Microsoft.AspNetCore.Builder.WebApplication app =
            GatewayInstance.Build([.. GatewayInstance.TestCamera(0, "cam0"), "--Gateway:Metrics:SeriesExpiryMs=5"]);

        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Gateway:Metrics:SeriesExpiryMs must be 1000..3600000 (was 5)", ex.Message);
    }
}
