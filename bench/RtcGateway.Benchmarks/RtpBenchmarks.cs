using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.Benchmarks;

/// <summary>
/// RTP send path for one 1080p IDR access unit (Data/idr-1080p.h264: x264 ultrafast/zerolatency, SMPTE bars,
/// quantizer 14, 240 KB: AUD, SPS, PPS, SEI, 2 IDR slices). Packetize once per camera, then write every packet's
/// per-viewer header + payload for each viewer. Run:
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- --filter '*RtpBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const int Viewers = 4;
    private readonly H264Packetizer _packetizer = new();
    private readonly byte[] _datagram = new byte[1500];
    private ReadOnlyMemory<byte>[] _nalUnits = [];
    private PacketizedFrame _frame = null!;
    private RtpHeaderExtensionIds[] _viewerIds = [];
    private ushort[] _sequence = [];
    private ushort[] _transportSequence = [];
    private int _next;
    private const long CaptureUs = 1_700_000_000_000_000;

    /// <summary>Number of RTP packets in the packetized IDR.</summary>
    public int PacketCount => _frame.PayloadCount;

    [GlobalSetup]
    public void Setup()
    {
        byte[] annexB = File.ReadAllBytes(Path.Combine(SourceDirectory(), "Data", "idr-1080p.h264"));
        _nalUnits = SplitAnnexB(annexB);
        _frame = _packetizer.Packetize(_nalUnits, RtpPayloadBudget.DefaultMaxPayloadSize);
        _viewerIds = new RtpHeaderExtensionIds[Viewers];
        for (int v = 0; v < Viewers; v++)
        {
            _viewerIds[v] = new RtpHeaderExtensionIds(
                midId: (byte)(1 + v), mid: "0", playoutDelayId: 6, absCaptureTimeId: 7, transportWideCcId: 8);
        }

        _sequence = new ushort[Viewers];
        _transportSequence = new ushort[Viewers];
    }

    [GlobalCleanup]
    public void Cleanup() => _frame.Release();

    /// <summary>Packetize one access unit (once per camera frame): STAP-A + FU-A into one pooled buffer.</summary>
    [Benchmark]
    public int PacketizeIdr()
    {
        PacketizedFrame frame = _packetizer.Packetize(_nalUnits, RtpPayloadBudget.DefaultMaxPayloadSize);
        int count = frame.PayloadCount;
        frame.Release();
        return count;
    }

    /// <summary>Per-packet cost: one viewer's RTP header + payload copy into a datagram buffer (cycles through packets and viewers).</summary>
    [Benchmark]
    public int WriteOnePacket()
    {
        int v = _next % Viewers;
        int i = (_next / Viewers) % _frame.PayloadCount;
        _next++;
        var p = new RtpSendParameters
        {
            Ssrc = (uint)(0x1000 + v),
            PayloadType = 102,
            SequenceNumber = _sequence[v]++,
            Timestamp = RtpClock.ToRtpTimestamp(CaptureUs, (uint)(v * 7919)),
            CaptureTimeUs = CaptureUs,
            TransportSequenceNumber = _transportSequence[v]++,
            Extensions = _viewerIds[v],
        };
        return RtpPacketWriter.Write(_datagram, p, _frame, i);
    }

    /// <summary>Whole IDR for all 4 viewers: every packet's header + payload written once per viewer.</summary>
    [Benchmark]
    public int WriteIdrForAllViewers()
    {
        int total = 0;
        for (int v = 0; v < Viewers; v++)
        {
            uint timestamp = RtpClock.ToRtpTimestamp(CaptureUs, (uint)(v * 7919));
            for (int i = 0; i < _frame.PayloadCount; i++)
            {
                var p = new RtpSendParameters
                {
                    Ssrc = (uint)(0x1000 + v),
                    PayloadType = 102,
                    SequenceNumber = _sequence[v]++,
                    Timestamp = timestamp,
                    CaptureTimeUs = CaptureUs,
                    TransportSequenceNumber = _transportSequence[v]++,
                    Extensions = _viewerIds[v],
                };
                total += RtpPacketWriter.Write(_datagram, p, _frame, i);
            }
        }

        return total;
    }

    internal static ReadOnlyMemory<byte>[] SplitAnnexB(byte[] data)
    {
        var starts = new List<(int Start, int CodeLength)>();
        for (int i = 0; i + 3 <= data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                bool four = i > 0 && data[i - 1] == 0;
                starts.Add((i + 3, four ? 4 : 3));
                i += 2;
            }
        }

        var nals = new ReadOnlyMemory<byte>[starts.Count];
        for (int n = 0; n < starts.Count; n++)
        {
            int end = n + 1 < starts.Count ? starts[n + 1].Start - starts[n + 1].CodeLength : data.Length;
            nals[n] = data.AsMemory(starts[n].Start, end - starts[n].Start);
        }

        return nals;
    }

    internal static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
