using System.Collections.Concurrent;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.Gst;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Runtime;

/// <summary>Runtime tests run one at a time: they measure real frame rates on a shared 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GstRuntimeCollection
{
    public const string Name = "GStreamer runtime";
}

internal static class RuntimeTestSupport
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>../shared/media relative to the directory holding RtcGateway.sln.</summary>
    public static string MediaDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RtcGateway.sln")))
            {
                dir = dir.Parent;
            }

            Assert.NotNull(dir);
            // ../shared/media next to the repository; a git worktree (/work/wt/NAME) looks further up the same way.
            for (DirectoryInfo? d = dir!.Parent; d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "shared", "media");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "media"));
        }
    }

    public static string Clip(string name)
    {
        string path = Path.Combine(MediaDirectory, name);
        Assert.True(File.Exists(path), path);
        return path;
    }

    public static CameraOptions Options(string id, string source, int width, int height, int fps) => new()
    {
        Id = id,
        Source = source,
        Width = width,
        Height = height,
        Framerate = fps,
        BitrateKbps = 1000,
        KeyframeIntervalMs = 1000,
        JpegWidth = 320,
        JpegHeight = 180,
        LingerMs = 0,
        StallTimeoutMs = 3000,
    };

    public static Camera NewCamera(CameraOptions o, TimeProvider? time = null, bool stallHook = false, Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(o, () => PipelineDescriptionBuilder.Build(o, new GstElementRegistry()), time ?? TimeProvider.System, logger, stallHook);

    public static Camera NewCamera(CameraOptions o, string launch, TimeProvider? time = null) =>
        new(o, () => PipelineDescriptionBuilder.Build(o, new GstElementRegistry()) with { Launch = launch }, time ?? TimeProvider.System, null, false);

    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="timeout"/> (real time) passed.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }

    public static List<NalUnitTypeAndSlice> Describe(AccessUnit au)
    {
        var list = new List<NalUnitTypeAndSlice>();
        foreach (ReadOnlyMemory<byte> nal in au.NalUnits)
        {
            int type = nal.Span[0] & 0x1F;
            int slice = -1;
            if (type is 1 or 5)
            {
                Assert.True(RtcGateway.Media.H264.H264SliceHeader.TryReadSliceType(nal.Span, out slice));
            }

            list.Add(new NalUnitTypeAndSlice(type, slice));
        }

        return list;
    }

    /// <summary>Reads width/height from the first SOF0/SOF1/SOF2 marker (ITU-T T.81 §B.2.2: FFCn, Lf, P, Y, X).</summary>
    public static (int Width, int Height)? JpegSize(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return null;
        }

        int i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                return null;
            }

            byte marker = jpeg[i + 1];
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2 && i + 9 <= jpeg.Length)
            {
                int height = (jpeg[i + 5] << 8) | jpeg[i + 6];
                int width = (jpeg[i + 7] << 8) | jpeg[i + 8];
                return (width, height);
            }

            i += 2 + length;
        }

        return null;
    }
}

internal readonly record struct NalUnitTypeAndSlice(int NalType, int SliceType);

/// <summary>Collects access units with their real arrival time (ms, monotonic).</summary>
internal sealed class AuRecorder
{
    private readonly long _origin = TimeProvider.System.GetTimestamp();

    public ConcurrentQueue<(AccessUnit Au, double ArrivalMs)> Items { get; } = new();

    public void Add(AccessUnit au) => Items.Enqueue((au, TimeProvider.System.GetElapsedTime(_origin).TotalMilliseconds));

    public int Count => Items.Count;
}
