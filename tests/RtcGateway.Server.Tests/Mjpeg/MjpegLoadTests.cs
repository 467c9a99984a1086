using System.Diagnostics;
using System.Net.Sockets;

namespace RtcGateway.Server.Tests.Mjpeg;

public sealed class MjpegLoadTests(MjpegGateway gw) : IClassFixture<MjpegGateway>
{
    private const int FastClients = 30;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Thirty_clients_get_the_source_rate_a_slow_one_gets_fresh_frames_and_the_encoder_runs_once_per_frame()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        // A client that reads one part per second. Its socket receive buffer is small (as a slow link would be): the
        // kernel must not buffer seconds of stream on the client's side, so what it reads is what the server chose.
        using var slowHttp = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048, NoDelay = true };
                await s.ConnectAsync(ctx.DnsEndPoint, ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 100 });
        string url = gw.BaseUrl + "/api/cameras/cam0/mjpeg";

        // Warm up: camera running, first frames flowing.
        using (HttpResponseMessage warm = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token))
        {
            var r = new MjpegPartReader(await warm.Content.ReadAsStreamAsync(cts.Token));
            for (int i = 0; i < 5; i++)
            {
                await r.ReadPartAsync(cts.Token);
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        long cameraBefore = gw.Camera("cam0").Status.JpegFramesDelivered;
        var started = Stopwatch.StartNew();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        Task<List<MjpegTestPart>>[] fast = Enumerable.Range(0, FastClients).Select(_ => ReadUntilAsync(http, url, stop.Token)).ToArray();
        Task<List<(MjpegTestPart Part, double ReadyMs, double ReadMs)>> slow = ReadSlowlyAsync(slowHttp, url, stop.Token);

        await Task.Delay(Window, cts.Token);
        int clientsDuring = gw.Fanout("cam0").ClientCount;
        long memoryDuring = GC.GetTotalMemory(forceFullCollection: true);
        stop.Cancel();
        List<MjpegTestPart>[] fastParts = await Task.WhenAll(fast);
        var slowParts = await slow;
        double seconds = started.Elapsed.TotalSeconds;
        long cameraFrames = gw.Camera("cam0").Status.JpegFramesDelivered - cameraBefore;

        Assert.Equal(FastClients + 1, clientsDuring);

        // The encoder ran once per frame: the camera's JPEG count over the window is the source rate, not 31 times it,
        // and every fast client saw (nearly) every one of those frames.
        double cameraRate = cameraFrames / seconds;
        Assert.InRange(cameraRate, MjpegGateway.Fps * 0.7, MjpegGateway.Fps * 1.15);
        foreach (List<MjpegTestPart> parts in fastParts)
        {
            Assert.True(parts.Count > 0);
            long span = parts[^1].Sequence - parts[0].Sequence + 1;
            Assert.True(parts.Count >= span * 0.9, $"a fast client got {parts.Count} of {span} frames");
            Assert.True(parts.Count / seconds >= cameraRate * 0.8, $"a fast client got {parts.Count / seconds:F1}/s, camera {cameraRate:F1}/s");
            Assert.True(span <= cameraFrames + 2, $"a client saw {span} distinct frames but the camera encoded {cameraFrames}");
        }

        // The slow one: latest-wins. Its sequence numbers skip (about a second of frames between parts), and each part is
        // the newest frame at the moment the client became ready for one (finished the previous part), not a queued one.
        Assert.True(slowParts.Count >= 4, $"slow client read {slowParts.Count} parts");
        double frameMs = 1000.0 / MjpegGateway.Fps;
        string slowSeen = string.Join(", ", slowParts.Select(p => $"#{p.Part.Sequence} {p.Part.Jpeg.Length}B cap {p.Part.TimestampMs % 100000:F0} ready {p.ReadyMs % 100000:F0} read {p.ReadMs % 100000:F0}"));
        for (int i = 1; i < slowParts.Count; i++)
        {
            var (part, _, readMs) = slowParts[i];
            // Part i is chosen when the client finished part i-1; part 1 right after part 0 (read without a pause), so
            // from part 2 on about one second of frames lies between two parts.
            long skipped = part.Sequence - slowParts[i - 1].Part.Sequence;
            Assert.True(i < 2 || skipped >= 3, $"slow client part {i}: sequence advanced by {skipped} only: {slowSeen}");
            double readyMs = slowParts[i - 1].ReadMs;
            double ageAtReady = readyMs - part.TimestampMs;
            Assert.True(ageAtReady < frameMs + 250, $"slow client part {i} captured {ageAtReady:F0} ms before the client was ready: {slowSeen}");
            // When read, a part is about the client's one-second pause old, plus the time its ~20 KB take through the
            // deliberately small socket buffers (seconds would mean a queued frame; a busy 2-core host adds ~0.5 s).
            double ageAtRead = readMs - part.TimestampMs;
            Assert.True(ageAtRead < 1000 + frameMs + 1000, $"slow client part {i} was {ageAtRead:F0} ms old when read: {slowSeen}");
        }

        double meanSkip = (slowParts[^1].Part.Sequence - slowParts[1].Part.Sequence) / (double)(slowParts.Count - 2);
        Assert.True(meanSkip >= MjpegGateway.Fps * 0.6, $"slow client: mean sequence step {meanSkip:F1}: {slowSeen}");

        // Memory stays flat: no per-client queues (31 clients × 8 s × 15 fps × ~20 KB would be ~75 MB).
        long growth = memoryDuring - memoryBefore;
        Assert.True(growth < 16 * 1024 * 1024, $"managed memory grew by {growth / 1024} KiB with {FastClients + 1} clients");
    }

    private static async Task<List<MjpegTestPart>> ReadUntilAsync(HttpClient http, string url, CancellationToken stop)
    {
        var parts = new List<MjpegTestPart>();
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
            var reader = new MjpegPartReader(await response.Content.ReadAsStreamAsync(stop));
            while (true)
            {
                MjpegTestPart p = await reader.ReadPartAsync(stop);
                parts.Add(p with { Jpeg = [] }); // keep the test's own memory flat
            }
        }
        catch (OperationCanceledException)
        {
        }

        return parts;
    }

    private static async Task<List<(MjpegTestPart, double, double)>> ReadSlowlyAsync(HttpClient http, string url, CancellationToken stop)
    {
        var parts = new List<(MjpegTestPart, double, double)>();
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
            var reader = new MjpegPartReader(await response.Content.ReadAsStreamAsync(stop));
            while (true)
            {
                double ready = NowMs();
                MjpegTestPart p = await reader.ReadPartAsync(stop);
                parts.Add((p with { Jpeg = new byte[p.Jpeg.Length] }, ready, NowMs()));
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return parts;
    }

    private static double NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
