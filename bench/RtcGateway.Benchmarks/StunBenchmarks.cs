using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Ice;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.Benchmarks;

/// <summary>
/// ICE-lite hot path: a browser consent check (Binding request with USERNAME, PRIORITY, ICE-CONTROLLING,
/// MESSAGE-INTEGRITY, FINGERPRINT) validated and answered with a 200 response. Expect 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private const string LocalPassword = "gatewaypassword0123456789";

    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];
    private readonly IPEndPoint _remote = new(IPAddress.Parse("192.168.1.20"), 50001);
    private byte[] _request = [];
    private IceLiteAgent _agent = null!;
    private PeerRouter<object> _router = null!;
    private long _nowMs;

    /// <summary>Builds the request once and nominates the pair.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, "abcdefghijkl"u8);
        writer.AddUsername("gw01:brws"u8);
        writer.AddPriority(0x6E0001FF);
        writer.AddIceControlling(0x1122334455667788UL);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(LocalPassword));
        writer.AddFingerprint();
        _request = writer.Written.ToArray();
        _agent = new IceLiteAgent("gw01", LocalPassword, "brws", null, 0, new IceLiteAgentOptions { ConsentTimeoutMs = long.MaxValue / 4 });
        _router = new PeerRouter<object>();
        _router.TryRegister("gw01", _agent);
        _router.Associate(_remote, _agent);
    }

    /// <summary>Full agent path: parse, verify FINGERPRINT and MESSAGE-INTEGRITY, write the success response.</summary>
    /// <returns>The response length.</returns>
    [Benchmark]
    public int BindingRequestToResponse()
    {
        _agent.HandleBindingRequest(_request, _remote, ++_nowMs, _response, out int length);
        return length;
    }

    /// <summary>Parse only.</summary>
    /// <returns>True when well-formed.</returns>
    [Benchmark]
    public bool TryRead() => StunMessage.TryRead(_request, out _);

    /// <summary>FINGERPRINT check alone (RFC 8489 §14.7: CRC-32 over the 100-byte message prefix).</summary>
    /// <returns>True when the fingerprint matches.</returns>
    [Benchmark]
    public bool VerifyFingerprint() => StunMessage.VerifyFingerprint(_request);

    /// <summary>Demux a STUN request to its peer by ufrag.</summary>
    /// <returns>The packet kind.</returns>
    [Benchmark]
    public PacketKind RouteStunByUfrag() => _router.Route(_request, _remote, out _);
}
