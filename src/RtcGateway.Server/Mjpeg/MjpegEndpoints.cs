using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// <c>GET /api/cameras/{id}/mjpeg</c>: an endless <c>multipart/x-mixed-replace; boundary=frame</c> stream of the camera's
/// JPEG frames (part layout: <see cref="MjpegPart"/>), latest-wins per client (<see cref="JpegFanout"/>), optional
/// <c>?fps=</c> cap and <c>?width=&amp;height=</c> restricted to the camera's JPEG size; 400 (reason) for a bad query,
/// 404 unknown camera, 503 (LastError) for a Failed camera. The stream ends when the client disconnects
/// (RequestAborted) or the camera fails.
/// <c>GET /api/cameras/{id}/snapshot</c>: one JPEG captured after the request arrived (<c>image/jpeg</c>,
/// <c>Cache-Control: no-store</c>, <c>X-Timestamp</c>); 503 (reason) when none arrives within
/// <see cref="MjpegOptions.SnapshotTimeoutMs"/> or the camera is Failed; 404 unknown camera.
/// </summary>
public static class MjpegEndpoints
{
    /// <summary>Maps both routes.</summary>
    public static IEndpointRouteBuilder MapMjpeg(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cameras/{id}/mjpeg", StreamAsync);
        app.MapGet("/api/cameras/{id}/snapshot", SnapshotAsync);
        return app;
    }

    private static IResult? Reject(string id, CameraManager cameras, out ICamera? camera)
    {
        if (!cameras.TryGet(id, out camera) || camera is null)
        {
            return Results.Text($"unknown camera '{id}'", "text/plain", statusCode: 404);
        }

        CameraStatus status = camera.Status;
        return status.State == CameraState.Failed
            ? Results.Text($"camera {camera.Id} failed: {status.LastError ?? "unknown error"}", "text/plain", statusCode: 503)
            : null;
    }

    private static async Task StreamAsync(string id, HttpContext context, CameraManager cameras, JpegFanoutRegistry fanouts,
        IOptions<MjpegOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        IResult? rejected = Reject(id, cameras, out ICamera? camera);
        if (rejected is null)
        {
            IQueryCollection q = context.Request.Query;
            if (!MjpegQuery.TryParse(q["fps"], q["width"], q["height"], camera!.Options, out MjpegQuery? parsed, out string? error))
            {
                rejected = Results.Text(error!, "text/plain", statusCode: 400);
            }
            else
            {
                await StreamPartsAsync(context, camera, fanouts.Get(camera), parsed!, options.Value, time,
                    loggers.CreateLogger(MjpegLog.Category)).ConfigureAwait(false);
                return;
            }
        }

        await rejected.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task StreamPartsAsync(HttpContext context, ICamera camera, JpegFanout fanout, MjpegQuery query,
        MjpegOptions options, TimeProvider time, ILogger logger)
    {
        CancellationToken aborted = context.RequestAborted;
        HttpResponse response = context.Response;
        response.ContentType = MjpegPart.ContentType;
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        response.Headers.Pragma = "no-cache";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        SetSendBuffer(context, options.SocketSendBufferBytes, logger);
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        string remote = context.Connection.RemoteIpAddress + ":" + context.Connection.RemotePort;
        long interval = query.MaxFps is { } fps ? (long)(time.TimestampFrequency / fps) : 0;
        long nextDue = 0;
        long parts = 0;
        long lastVersion = fanout.Latest?.Version ?? 0; // start with a frame captured after joining
        string reason = "client disconnected";
        TimeSpan idle = TimeSpan.FromMilliseconds(options.StreamIdleCheckMs);
        PipeWriter writer = response.BodyWriter;
        using (fanout.AddClient())
        {
            MjpegLog.ClientJoined(logger, camera.Id, remote, query.MaxFps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                fanout.ClientCount);
            try
            {
                await response.StartAsync(aborted).ConfigureAwait(false);
                while (!aborted.IsCancellationRequested)
                {
                    JpegFanoutFrame? next = await fanout.WaitForFrameAsync(lastVersion, idle, time, aborted).ConfigureAwait(false);
                    if (next is null)
                    {
                        if (camera.Status.State == CameraState.Failed)
                        {
                            reason = "camera failed: " + camera.Status.LastError;
                            break;
                        }

                        continue;
                    }

                    if (interval > 0)
                    {
                        long now = time.GetTimestamp();
                        if (now < nextDue)
                        {
                            await Task.Delay(time.GetElapsedTime(now, nextDue), time, aborted).ConfigureAwait(false);
                            next = fanout.Latest ?? next; // the newest frame when this client is due
                            now = time.GetTimestamp();
                        }

                        // The next part is due one interval after this one; after a stall, at most one part is sent early.
                        nextDue = nextDue == 0 ? now + interval : Math.Max(nextDue + interval, now - (interval / 2));
                    }

                    WritePart(writer, next);
                    FlushResult flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
                    fanout.RecordPartSent(parts == 0 ? 0 : lastVersion, next.Version);
                    lastVersion = next.Version;
                    parts++;
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
                // connection reset while writing
            }
        }

        MjpegLog.ClientLeft(logger, camera.Id, remote, parts, reason, fanout.ClientCount);
    }

    private static void WritePart(PipeWriter writer, JpegFanoutFrame part)
    {
        ReadOnlySpan<byte> jpeg = part.Frame.Data.Span;
        Span<byte> header = writer.GetSpan(MjpegPart.MaxHeaderSize);
        int n = MjpegPart.WriteHeader(header, jpeg.Length, part.Frame.CaptureTimeUs, part.Version);
        writer.Advance(n);
        writer.Write(jpeg);
        writer.Write(MjpegPart.Trailer);
    }

    private static void SetSendBuffer(HttpContext context, int bytes, ILogger logger)
    {
        if (bytes <= 0)
        {
            return;
        }

        try
        {
            Socket? socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
            if (socket is not null)
            {
                socket.SendBufferSize = bytes;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            MjpegLog.SendBufferNotSet(logger, bytes, e.Message);
        }
    }

    private static async Task SnapshotAsync(string id, HttpContext context, CameraManager cameras, JpegFanoutRegistry fanouts,
        IOptions<MjpegOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        IResult? rejected = Reject(id, cameras, out ICamera? camera);
        if (rejected is not null)
        {
            await rejected.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        ILogger logger = loggers.CreateLogger(MjpegLog.Category);
        JpegFanout fanout = fanouts.Get(camera!);
        long requestUs = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        long deadline = time.GetTimestamp() + (long)(options.Value.SnapshotTimeoutMs / 1000.0 * time.TimestampFrequency);
        JpegFanoutFrame? frame = null;
        using (fanout.Hold())
        {
            long after = fanout.Latest?.Version ?? 0;
            while (frame is null)
            {
                TimeSpan left = time.GetElapsedTime(time.GetTimestamp(), deadline);
                if (left <= TimeSpan.Zero || camera!.Status.State == CameraState.Failed)
                {
                    break;
                }

                JpegFanoutFrame? next = await fanout.WaitForFrameAsync(after, left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500),
                    time, context.RequestAborted).ConfigureAwait(false);
                if (next is null)
                {
                    continue;
                }

                after = next.Version;
                // "Fresh": captured after the request arrived (a frame already in the encoder when it came is skipped).
                // A source without a capture clock (CaptureTimeUs 0) counts by arrival.
                if (next.Frame.CaptureTimeUs == 0 || next.Frame.CaptureTimeUs >= requestUs)
                {
                    frame = next;
                }
            }
        }

        if (frame is null)
        {
            CameraStatus status = camera!.Status;
            string reason = status.State == CameraState.Failed
                ? $"camera {camera.Id} failed: {status.LastError ?? "unknown error"}"
                : $"camera {camera.Id} delivered no JPEG frame within {options.Value.SnapshotTimeoutMs} ms (state {status.State}"
                  + (status.LastError is null ? ")" : $", last error: {status.LastError})");
            MjpegLog.SnapshotFailed(logger, camera.Id, reason);
            await Results.Text(reason, "text/plain", statusCode: 503).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        HttpResponse response = context.Response;
        response.ContentType = "image/jpeg";
        response.ContentLength = frame.Frame.Data.Length;
        response.Headers.CacheControl = "no-store";
        long us = frame.Frame.CaptureTimeUs;
        response.Headers["X-Timestamp"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{us / 1000}.{us % 1000:D3}");
        await response.Body.WriteAsync(frame.Frame.Data, context.RequestAborted).ConfigureAwait(false);
    }
}
