using BenchmarkDotNet.Attributes;
using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Tests.Peer;

namespace RtcGateway.Benchmarks;

/// <summary>
/// Per-viewer cost of <see cref="WebRtc.Peer.WebRtcPeer.SendFrame"/> for one 1080p IDR (Data/idr-1080p.h264, 240 KB,
/// ~215 RTP packets): RTP header with extensions, SRTP protect in place, NACK bookkeeping, hand-off to a no-op
/// transmitter. The peer is connected in GlobalSetup by the test browser of the WebRtc tests (linked source: ICE
/// check, BouncyCastle DTLS handshake, SRTP keys). Run:
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- --filter '*PeerBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class PeerBenchmarks
{
    private PeerTestBrowser _browser = null!;
    private PacketizedFrame _idr = null!;

    /// <summary>Number of RTP packets per IDR.</summary>
    public int PacketCount => _idr.PayloadCount;

    [GlobalSetup]
    public void Setup()
    {
        byte[] annexB = File.ReadAllBytes(Path.Combine(RtpBenchmarks.SourceDirectory(), "Data", "idr-1080p.h264"));
        _idr = new H264Packetizer().Packetize(RtpBenchmarks.SplitAnnexB(annexB), RtpPayloadBudget.DefaultMaxPayloadSize);
        _browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 1 }, TimeSpan.FromSeconds(30));
        _browser.Transmitter.Discard = true;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _browser.Dispose();
        _idr.Release();
    }

    /// <summary>SendFrame of the IDR to one connected peer (the fake clock advances one 30 fps frame per call).</summary>
    [Benchmark]
    public bool SendIdr()
    {
        _browser.Clock.Advance(33);
        return _browser.Peer.SendFrame(_idr, _browser.Clock.UnixUs, _browser.Clock.Now);
    }
}
