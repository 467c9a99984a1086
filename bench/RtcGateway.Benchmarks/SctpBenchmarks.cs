using BenchmarkDotNet.Attributes;
using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.Benchmarks;

/// <summary>
/// SCTP data-channel hot path: one small control message (64 bytes, unordered, maxRetransmits 0) from one association
/// to another including the SACK back, and CRC-32c over a 1,160-byte packet.
/// </summary>
[MemoryDiagnoser]
public class SctpBenchmarks
{
    private readonly byte[] _packet = new byte[1160];
    private readonly byte[] _message = new byte[64];
    private SctpAssociation _a = null!;
    private SctpAssociation _b = null!;
    private long _now;

    /// <summary>Connects two associations in memory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _a = new SctpAssociation(new SctpAssociationOptions { DelayedAckMs = 0 });
        _b = new SctpAssociation(new SctpAssociationOptions { DelayedAckMs = 0 });
        _now = 1_000;
        _a.Connect(_now);
        for (int i = 0; i < 10; i++)
        {
            Pump();
        }

        if (_a.State != SctpAssociationState.Established || _b.State != SctpAssociationState.Established)
        {
            throw new InvalidOperationException("Setup failed to establish the association.");
        }
    }

    /// <summary>Sends one 64-byte message A→B, delivers it, returns the SACK; returns the bytes received.</summary>
    [Benchmark]
    public int ControlMessageRoundTrip()
    {
        _now++;
        _a.Send(0, 51, _message, new SctpSendOptions(Unordered: true, MaxRetransmits: 0), _now);
        Pump();
        int received = 0;
        while (_b.TryPollEvent(out SctpEvent e))
        {
            received += e.Data.Length;
        }

        while (_a.TryPollEvent(out _))
        {
        }

        return received;
    }

    /// <summary>CRC-32c (RFC 9260 Appendix A) over a 1,160-byte packet.</summary>
    [Benchmark]
    public uint Crc32c1160() => SctpChecksum.Compute(_packet);

    private void Pump()
    {
        while (_a.TryPollPacket(_packet, out int len))
        {
            _b.HandlePacket(_packet.AsSpan(0, len), _now);
        }

        while (_b.TryPollPacket(_packet, out int len))
        {
            _a.HandlePacket(_packet.AsSpan(0, len), _now);
        }
    }
}
