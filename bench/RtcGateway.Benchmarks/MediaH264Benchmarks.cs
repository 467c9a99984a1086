using BenchmarkDotNet.Attributes;
using RtcGateway.Media;
using RtcGateway.Media.H264;

namespace RtcGateway.Benchmarks;

/// <summary>Per-access-unit cost of the H.264 logic on the camera path: Annex B split, SPS parse, AccessUnit creation.</summary>
[MemoryDiagnoser]
public class MediaH264Benchmarks
{
    private static readonly byte[] Sps = Convert.FromHexString("6764001eacd940a02ff97011000003000600000301660f162d96");
    private byte[] _keyframe = [];
    private byte[] _deltaFrame = [];
    private readonly List<ReadOnlyMemory<byte>> _nals = new(16);

    /// <summary>A 40 KB IDR access unit (SPS, PPS, 4 slices) and a 6 KB P access unit of random payload without start codes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        byte[] Slice(byte header, int size)
        {
            var b = new byte[size];
            rng.NextBytes(b);
            b[0] = header;
            for (int i = 2; i < b.Length; i++)
            {
                if (b[i] <= 3 && b[i - 1] == 0 && b[i - 2] == 0) b[i] = 0x55; // no start-code emulation
            }

            b[^1] = 0x80;
            return b;
        }

        var key = new List<byte>();
        foreach (byte[] nal in new[] { Sps, Convert.FromHexString("68ebe24b22c0"), Slice(0x65, 10_000), Slice(0x65, 10_000), Slice(0x65, 10_000), Slice(0x65, 10_000) })
        {
            key.AddRange([0, 0, 0, 1]);
            key.AddRange(nal);
        }

        _keyframe = [.. key];
        _deltaFrame = [0, 0, 0, 1, .. Slice(0x41, 6_000)];
    }

    /// <summary>Split of a keyframe into a reused list (no allocation expected).</summary>
    [Benchmark]
    public int SplitKeyframe()
    {
        _nals.Clear();
        return AnnexB.SplitNalUnits(_keyframe, _nals);
    }

    /// <summary>SPS parse (High profile with VUI).</summary>
    [Benchmark]
    public H264SpsInfo? ParseSps() => H264SpsParser.TryParse(Sps, out H264SpsInfo? info) ? info : null;

    /// <summary>AccessUnit for a keyframe (split + SPS parse + keyframe scan).</summary>
    [Benchmark]
    public AccessUnit CreateKeyframe() => AccessUnitFactory.Create(_keyframe, 0, 0, 0, null);

    /// <summary>AccessUnit for a delta frame.</summary>
    [Benchmark]
    public AccessUnit CreateDeltaFrame() => AccessUnitFactory.Create(_deltaFrame, 0, 0, 0, null);
}
