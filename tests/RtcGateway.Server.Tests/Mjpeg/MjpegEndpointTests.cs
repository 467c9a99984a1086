using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RtcGateway.Server.Tests.Mjpeg;

public sealed class MjpegEndpointTests(MjpegGateway gw) : IClassFixture<MjpegGateway>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Ffmpeg_decodes_50_frames_from_the_mjpeg_endpoint_at_the_configured_size()
    {
        string url = gw.BaseUrl + "/api/cameras/cam0/mjpeg";
        // framemd5 prints one line per decoded frame with the raw frame size (yuvj420p: w*h*3/2 bytes).
        (int exit, string output, string errors) = await RunAsync("ffmpeg",
            ["-v", "error", "-f", "mpjpeg", "-i", url, "-frames:v", "50", "-f", "framemd5", "-"], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"ffmpeg exit {exit}: {errors}");
        string[] frames = output.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.Equal(50, frames.Length);
        int expectedBytes = MjpegGateway.JpegWidth * MjpegGateway.JpegHeight * 3 / 2;
        Assert.All(frames, f => Assert.Equal(expectedBytes, int.Parse(f.Split(',')[4].Trim(), CultureInfo.InvariantCulture)));

        (exit, output, errors) = await RunAsync("ffprobe",
            ["-v", "error", "-f", "mpjpeg", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", url], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"ffprobe exit {exit}: {errors}");
        Assert.Equal($"mjpeg,{MjpegGateway.JpegWidth},{MjpegGateway.JpegHeight}", output.Trim());
    }

    [Fact]
    public async Task Stream_headers_and_parts_follow_the_multipart_layout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using HttpResponseMessage response = await Http.GetAsync(gw.BaseUrl + "/api/cameras/cam0/mjpeg?fps=5&width=640&height=360",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace; boundary=frame", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var reader = new MjpegPartReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var parts = new List<MjpegTestPart>();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 8; i++)
        {
            parts.Add(await reader.ReadPartAsync(cts.Token));
        }

        Assert.All(parts, p => Assert.Equal("image/jpeg", p.Headers["Content-Type"]));
        Assert.All(parts, p => Assert.Equal((MjpegGateway.JpegWidth, MjpegGateway.JpegHeight), JpegSize.Read(p.Jpeg)));
        Assert.True(parts.Zip(parts.Skip(1)).All(x => x.Second.Sequence > x.First.Sequence), "sequence must increase");
        Assert.True(parts.Zip(parts.Skip(1)).All(x => x.Second.TimestampMs > x.First.TimestampMs), "capture time must increase");
        // fps=5 on a 15 fps source: 7 intervals of ~200 ms, and the sequence advances by ~3 per part.
        string seen = string.Join(", ", parts.Select(p => $"#{p.Sequence}@{p.TimestampMs:F0}"));
        double rate = 7 / (parts[^1].TimestampMs - parts[0].TimestampMs) * 1000;
        Assert.True(rate is > 3.5 and < 6.0, $"capture-time rate {rate:F2}/s: {seen}");
        double step = (parts[^1].Sequence - parts[0].Sequence) / 7.0;
        Assert.True(step is >= 2.0 and <= 4.0, $"sequence step {step:F2}: {seen}");
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1.1), $"8 parts at fps=5 came in {clock.Elapsed}");
    }

    [Fact]
    public async Task Snapshot_is_a_fresh_jpeg_with_the_configured_size()
    {
        double requestedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using HttpResponseMessage response = await Http.GetAsync(gw.BaseUrl + "/api/cameras/cam0/snapshot");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        byte[] jpeg = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((MjpegGateway.JpegWidth, MjpegGateway.JpegHeight), JpegSize.Read(jpeg));
        Assert.Equal(0xFF, jpeg[^2]);
        Assert.Equal(0xD9, jpeg[^1]); // EOI
        double captured = double.Parse(response.Headers.GetValues("X-Timestamp").Single(), CultureInfo.InvariantCulture);
        Assert.True(captured >= requestedMs - 1, $"snapshot captured at {captured}, before the request at {requestedMs}");

        // Independent decoder: ffprobe reads the same dimensions.
        string file = Path.Combine(Path.GetTempPath(), $"rtcgw-snapshot-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(file, jpeg);
        try
        {
            (int exit, string output, string errors) = await RunAsync("ffprobe",
                ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", file], TimeSpan.FromSeconds(20));
            Assert.True(exit == 0, errors);
            Assert.Equal($"{MjpegGateway.JpegWidth},{MjpegGateway.JpegHeight}", output.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Failed_camera_gives_503_with_the_reason_for_snapshot_and_mjpeg()
    {
        foreach (string path in new[] { "snapshot", "mjpeg" })
        {
            using HttpResponseMessage response = await Http.GetAsync(gw.BaseUrl + "/api/cameras/bad/" + path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            Assert.Contains("nonexistent.mp4", body, StringComparison.Ordinal);
            Assert.Contains("bad", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("snapshot")]
    [InlineData("mjpeg")]
    public async Task Unknown_camera_gives_404(string path)
    {
        using HttpResponseMessage response = await Http.GetAsync(gw.BaseUrl + "/api/cameras/nope/" + path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fps=0", "fps")]
    [InlineData("fps=-3", "fps")]
    [InlineData("fps=abc", "fps")]
    [InlineData("fps=16", "≤ 15")]
    [InlineData("fps=NaN", "fps")]
    [InlineData("width=480&height=270", "640x360")]
    [InlineData("width=641", "640x360")]
    [InlineData("height=abc", "640x360")]
    public async Task Bad_query_gives_400_with_the_reason(string query, string expected)
    {
        using HttpResponseMessage response = await Http.GetAsync(gw.BaseUrl + "/api/cameras/cam0/mjpeg?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mjpeg_clients_are_counted_in_the_camera_list_and_released_on_disconnect()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(0, await MjpegClientsAsync());
        HttpResponseMessage a = await Http.GetAsync(gw.BaseUrl + "/api/cameras/cam0/mjpeg", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        HttpResponseMessage b = await Http.GetAsync(gw.BaseUrl + "/api/cameras/cam0/mjpeg", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await new MjpegPartReader(await a.Content.ReadAsStreamAsync(cts.Token)).ReadPartAsync(cts.Token);
        Assert.Equal(2, await MjpegClientsAsync());
        Assert.True(gw.Fanout("cam0").IsSubscribed);
        a.Dispose();
        b.Dispose();
        // Disconnect is noticed at once (RequestAborted), not at the next write timeout.
        var clock = Stopwatch.StartNew();
        while (await MjpegClientsAsync() != 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "MJPEG clients not released after disconnect");
            await Task.Delay(50, cts.Token);
        }

        Assert.False(gw.Fanout("cam0").IsSubscribed);
    }

    private async Task<int> MjpegClientsAsync()
    {
        using JsonDocument doc = JsonDocument.Parse(await Http.GetStringAsync(gw.BaseUrl + "/api/cameras"));
        return doc.RootElement.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "cam0").GetProperty("mjpegClients").GetInt32();
    }

    internal static async Task<(int Exit, string Output, string Errors)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process process = Process.Start(psi)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
