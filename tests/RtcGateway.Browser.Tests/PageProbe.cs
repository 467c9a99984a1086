using System.Diagnostics;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// Reads a viewer from a page: the viewer page's tile (<c>window.rtcgw.tiles[id]</c>) or the WHEP page
/// (<c>window.rtcgwWhep</c>). Both hooks are refreshed from getStats once a second.
/// </summary>
public sealed class PageProbe
{
    private readonly string _hook;

    private PageProbe(IPage page, string hook, string name)
    {
        Page = page;
        _hook = hook;
        Name = name;
    }

    public IPage Page { get; }

    public string Name { get; }

    public List<string> Errors { get; } = [];

    /// <summary>Opens <c>/?cameras=ID</c> in a new page of <paramref name="context"/>.</summary>
    public static Task<PageProbe> OpenViewerAsync(IBrowserContext context, GatewayInstance gw, string cameraId, string name) =>
        OpenAsync(context, $"{gw.BaseUrl}/?cameras={Uri.EscapeDataString(cameraId)}", $"window.rtcgw?.tiles?.[{Js(cameraId)}]", name);

    /// <summary>Opens <c>/whep.html?camera=ID</c> in a new page of <paramref name="context"/>.</summary>
    public static Task<PageProbe> OpenWhepAsync(IBrowserContext context, GatewayInstance gw, string cameraId, string name) =>
        OpenAsync(context, $"{gw.BaseUrl}/whep.html?camera={Uri.EscapeDataString(cameraId)}", "window.rtcgwWhep", name);

    /// <summary>
    /// Opens <paramref name="count"/> viewer pages of <paramref name="cameraId"/> in <paramref name="context"/>, named
    /// <c>viewer0</c>, <c>viewer1</c>…, and waits until each has decoded 5 frames.
    /// </summary>
    public static async Task<List<PageProbe>> OpenPlayingViewersAsync(IBrowserContext context, GatewayInstance gw, string cameraId, int count)
    {
        var probes = new List<PageProbe>();
        for (int i = 0; i < count; i++)
        {
            probes.Add(await OpenViewerAsync(context, gw, cameraId, $"viewer{i}"));
        }

        foreach (PageProbe p in probes)
        {
            await p.WaitForFramesAsync(5, gw);
        }

        return probes;
    }

    private static async Task<PageProbe> OpenAsync(IBrowserContext context, string url, string hook, string name)
    {
        IPage page = await context.NewPageAsync();
        await page.AddInitScriptAsync(RecordPeerConnectionsJs);
        var probe = new PageProbe(page, hook, name);
        page.PageError += (_, e) => probe.Errors.Add(e);
        await page.GotoAsync(url);
        return probe;
    }

    /// <summary>
    /// Init script: records every RTCPeerConnection the page creates in <c>window.__rtcgwPcs</c> so the test can read
    /// <c>getStats()</c> itself (exact framesDecoded and the report's own timestamp instead of the hook's 1 s refresh).
    /// </summary>
    public const string RecordPeerConnectionsJs = """
        (() => {
          const Orig = window.RTCPeerConnection;
          if (!Orig || Orig.__rtcgwRecorded) return;
          const pcs = [];
          class Recorded extends Orig { constructor(...args) { super(...args); pcs.push(this); } }
          Recorded.__rtcgwRecorded = true;
          window.RTCPeerConnection = Recorded;
          window.__rtcgwPcs = pcs;
        })();
        """;

    private const string DecodeCounterJs = """
        async () => {
          const pcs = (window.__rtcgwPcs || []).filter(p => p.connectionState !== 'closed');
          let frames = 0, ts = null, pc = 0;
          for (const p of pcs) {
            const report = await p.getStats();
            report.forEach(s => {
              if (s.type === 'inbound-rtp' && s.kind === 'video') { frames += s.framesDecoded || 0; ts = s.timestamp; pc++; }
            });
          }
          return { frames, ts: ts ?? (performance.timeOrigin + performance.now()), pc };
        }
        """;

    /// <summary>Frames decoded by the page's open peer connections (getStats) and the report timestamp (Unix ms).</summary>
    public async Task<(long Frames, double TimestampMs)> DecodeCounterAsync()
    {
        System.Text.Json.JsonElement e = await Page.EvaluateAsync<System.Text.Json.JsonElement>(DecodeCounterJs);
        return (e.GetProperty("frames").GetInt64(), e.GetProperty("ts").GetDouble());
    }

    public static string Js(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    public Task<long> FramesDecodedAsync() => Page.EvaluateAsync<long>($"() => {_hook}?.framesDecoded ?? 0");

    /// <summary>The hook as JSON (status, fps, lastError…) for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        try
        {
            return Name + ": " + await Page.EvaluateAsync<string>($"() => JSON.stringify({_hook} ?? null)");
        }
        catch (PlaywrightException ex)
        {
            return Name + ": <" + ex.Message.Split('\n')[0] + ">";
        }
    }

    /// <summary>Waits until more than <paramref name="frames"/> frames were decoded; on timeout fails with page and gateway state.</summary>
    public async Task WaitForFramesAsync(long frames, GatewayInstance gw, int timeoutMs = 30_000)
    {
        try
        {
            await Page.WaitForFunctionAsync($"() => ({_hook}?.framesDecoded ?? 0) > {frames}", null,
                new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 200 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"no {frames} frames decoded within {timeoutMs} ms\n{await DescribeAsync()}\n{gw.Diagnostics()}");
        }
    }

    /// <summary>
    /// Decoded frame rate of each probe over about <paramref name="duration"/> (frames/s): getStats framesDecoded at
    /// start and end divided by the difference of the reports' own timestamps. Also returns the camera's delivered
    /// access-unit rate over the same wall-clock window (the source rate).
    /// </summary>
    public static async Task<RateSample> MeasureRatesAsync(IReadOnlyList<PageProbe> probes, GatewayInstance gw, string cameraId,
        TimeSpan duration)
    {
        long auStart = gw.AccessUnitsDelivered(cameraId);
        var clock = Stopwatch.StartNew();
        (long Frames, double TimestampMs)[] start = await Task.WhenAll(probes.Select(p => p.DecodeCounterAsync()));
        await Task.Delay(duration);
        (long Frames, double TimestampMs)[] end = await Task.WhenAll(probes.Select(p => p.DecodeCounterAsync()));
        double sourceFps = (gw.AccessUnitsDelivered(cameraId) - auStart) / clock.Elapsed.TotalSeconds;
        double[] rates = start.Zip(end, (a, b) => (b.Frames - a.Frames) / ((b.TimestampMs - a.TimestampMs) / 1000.0)).ToArray();
        return new RateSample(rates, sourceFps, end.Select(e => e.Frames).ToArray());
    }
}

/// <summary>Decoded frame rates per page (frames/s), the camera's delivered rate (access units/s), and final counters.</summary>
public sealed record RateSample(double[] Rates, double SourceFps, long[] FinalFrames)
{
    public override string ToString() =>
        $"source {SourceFps:F2} fps; viewers: {string.Join(", ", Rates.Select(r => r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}";

    /// <summary>Asserts the source runs at <paramref name="nominalFps"/> ±10 % and every viewer at the source rate ±10 %.</summary>
    public void AssertAllAtSourceRate(double nominalFps, string context)
    {
        Assert.True(Math.Abs(SourceFps - nominalFps) <= 0.1 * nominalFps,
            $"{context}: the camera itself delivered {SourceFps:F2} fps, not {nominalFps} ±10 % (machine overloaded?): {this}");
        for (int i = 0; i < Rates.Length; i++)
        {
            Assert.True(Math.Abs(Rates[i] - SourceFps) <= 0.1 * SourceFps,
                $"{context}: viewer {i} decoded {Rates[i]:F2} fps, source {SourceFps:F2} fps (±10 %): {this}");
        }
    }
}
