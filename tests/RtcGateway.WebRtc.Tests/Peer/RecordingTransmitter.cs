using System.Net;
using RtcGateway.WebRtc.Peer;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>
/// <see cref="IPeerTransmitter"/> of the in-memory network: copies every datagram with its destination into
/// <see cref="Pending"/> (the driver thread drains it), or discards them when <see cref="Discard"/> is set (allocation
/// tests, benchmarks). Shared with the benchmarks (linked source).
/// </summary>
internal sealed class RecordingTransmitter : IPeerTransmitter
{
    public List<(byte[] Datagram, IPEndPoint Remote)> Pending { get; } = [];

    /// <summary>When true, datagrams are only counted (no copy, no allocation).</summary>
    public bool Discard { get; set; }

    public long Count { get; private set; }

    public int MaxDatagramLength { get; private set; }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        Count++;
        if (datagram.Length > MaxDatagramLength)
        {
            MaxDatagramLength = datagram.Length;
        }

        if (!Discard)
        {
            Pending.Add((datagram.ToArray(), remote));
        }
    }
}
