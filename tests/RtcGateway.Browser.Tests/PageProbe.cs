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
    public static async Task<PageProbe> OpenViewerAsync(IBrowserContext context, GatewayInstance gw, string cameraId, string name)
    {
        IPage page = await context.NewPageAsync();
        var probe = new PageProbe(page, $"window.rtcgw?.tiles?.[{Js(cameraId)}]", name);
        page.PageError += (_, e) => probe.Errors.Add(e);
        await page.GotoAsync($"{gw.BaseUrl}/?cameras={Uri.EscapeDataString(cameraId)}");
        return probe;
    }

    /// <summary>Opens <c>/whep.html?camera=ID</c> in a new page of <paramref name="context"/>.</summary>
    public static async Task<PageProbe> OpenWhepAsync(IBrowserContext context, GatewayInstance gw, string cameraId, string name)
    {
        IPage page = await context.NewPageAsync();
        var probe = new PageProbe(page, "window.rtcgwWhep", name);
        page.PageError += (_, e) => probe.Errors.Add(e);
        await page.GotoAsync($"{gw.BaseUrl}/whep.html?camera={Uri.EscapeDataString(cameraId)}");
        return probe;
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
    /// Decoded frame rate of each probe over <paramref name="duration"/> (frames/s): framesDecoded is sampled at start
    /// and end, and divided by the elapsed wall time.
    /// </summary>
    public static async Task<double[]> MeasureRatesAsync(IReadOnlyList<PageProbe> probes, TimeSpan duration)
    {
        long[] start = await Task.WhenAll(probes.Select(p => p.FramesDecodedAsync()));
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        long[] end = await Task.WhenAll(probes.Select(p => p.FramesDecodedAsync()));
        double seconds = clock.Elapsed.TotalSeconds;
        return start.Zip(end, (a, b) => (b - a) / seconds).ToArray();
    }
}
