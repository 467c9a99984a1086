using System.Net;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.WebRtc.Demux;

/// <summary>
/// Routes datagrams arriving on one shared UDP port to peers (a pure, single-threaded data structure).
/// STUN Binding requests are routed by the local ufrag in USERNAME (RFC 8445 §7.2.2), since a browser's first
/// check may come from an address never seen before; everything else (DTLS, SRTP, SRTCP) by source address,
/// learned with <see cref="Associate"/> from checks the peer's ICE agent accepted.
/// </summary>
/// <typeparam name="TPeer">The peer type; compared by reference.</typeparam>
/// <remarks>
/// Bounds: at most <c>maxPeers</c> registrations and <c>maxEndpointsPerPeer</c> addresses per peer (the oldest
/// association is evicted when a peer exceeds it). An address belongs to one peer at a time: associating it with
/// another peer moves it. IPEndPoint arguments are copied when stored (callers may reuse theirs).
/// </remarks>
public sealed class PeerRouter<TPeer>
    where TPeer : class
{
    private const int MaxUfragLength = 256;

    private readonly Dictionary<string, TPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TPeer>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<IPEndPoint, TPeer> _byEndpoint = new();
    private readonly Dictionary<TPeer, PeerEntry> _peers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an empty router.</summary>
    /// <param name="maxPeers">Maximum registered peers (≥ 1).</param>
    /// <param name="maxEndpointsPerPeer">Maximum associated remote addresses per peer (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound below 1.</exception>
    public PeerRouter(int maxPeers = 1024, int maxEndpointsPerPeer = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEndpointsPerPeer, 1);
        MaxPeers = maxPeers;
        MaxEndpointsPerPeer = maxEndpointsPerPeer;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Maximum registered peers.</summary>
    public int MaxPeers { get; }

    /// <summary>Maximum associated addresses per peer.</summary>
    public int MaxEndpointsPerPeer { get; }

    /// <summary>Number of registered peers.</summary>
    public int PeerCount => _peers.Count;

    /// <summary>Number of associated remote addresses over all peers.</summary>
    public int EndpointCount => _byEndpoint.Count;

    /// <summary>Registers <paramref name="peer"/> under its local ufrag.</summary>
    /// <param name="localUfrag">Our ice-ufrag for this peer (unique per port; ASCII ice-chars, at most 256).</param>
    /// <param name="peer">The peer.</param>
    /// <returns>False when the ufrag is taken, the peer is already registered, or <see cref="MaxPeers"/> is reached.</returns>
    /// <exception cref="ArgumentException">Empty or over-long ufrag.</exception>
    public bool TryRegister(string localUfrag, TPeer peer)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localUfrag.Length, MaxUfragLength, nameof(localUfrag));
        if (_peers.Count >= MaxPeers || _peers.ContainsKey(peer) || _byUfrag.ContainsKey(localUfrag))
        {
            return false;
        }

        _byUfrag.Add(localUfrag, peer);
        _peers.Add(peer, new PeerEntry(localUfrag, MaxEndpointsPerPeer));
        return true;
    }

    /// <summary>Removes <paramref name="peer"/>, its ufrag and all its addresses.</summary>
    /// <param name="peer">The peer.</param>
    /// <returns>False when it was not registered.</returns>
    public bool Remove(TPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!_peers.Remove(peer, out PeerEntry? entry))
        {
            return false;
        }

        _byUfrag.Remove(entry.Ufrag);
        foreach (IPEndPoint endpoint in entry.Endpoints)
        {
            _byEndpoint.Remove(endpoint);
        }

        return true;
    }

    /// <summary>
    /// Routes non-STUN traffic from <paramref name="remote"/> to <paramref name="peer"/> (call after its ICE agent
    /// accepted a check from that address). Idempotent.
    /// </summary>
    /// <param name="remote">The remote transport address.</param>
    /// <param name="peer">A registered peer.</param>
    /// <returns>False when <paramref name="peer"/> is not registered.</returns>
    public bool Associate(IPEndPoint remote, TPeer peer)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(peer);
        if (!_peers.TryGetValue(peer, out PeerEntry? entry))
        {
            return false;
        }

        if (_byEndpoint.TryGetValue(remote, out TPeer? current))
        {
            if (ReferenceEquals(current, peer))
            {
                return true;
            }

            Dissociate(remote);
        }

        if (entry.Endpoints.Count >= MaxEndpointsPerPeer)
        {
            _byEndpoint.Remove(entry.Endpoints[0]);
            entry.Endpoints.RemoveAt(0);
        }

        var copy = new IPEndPoint(remote.Address, remote.Port);
        entry.Endpoints.Add(copy);
        _byEndpoint.Add(copy, peer);
        return true;
    }

    /// <summary>Forgets the association of <paramref name="remote"/>.</summary>
    /// <param name="remote">The remote transport address.</param>
    /// <returns>False when it was not associated.</returns>
    public bool Dissociate(IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!_byEndpoint.Remove(remote, out TPeer? peer))
        {
            return false;
        }

        List<IPEndPoint> endpoints = _peers[peer].Endpoints;
        endpoints.RemoveAt(endpoints.IndexOf(remote));
        return true;
    }

    /// <summary>Finds the peer registered under a ufrag given as raw USERNAME bytes (no allocation).</summary>
    /// <param name="ufrag">ASCII ufrag bytes.</param>
    /// <param name="peer">The peer, or null.</param>
    /// <returns>False when unknown, non-ASCII or longer than 256 bytes.</returns>
    public bool TryGetByUfrag(ReadOnlySpan<byte> ufrag, out TPeer? peer)
    {
        peer = null;
        if (ufrag.IsEmpty || ufrag.Length > MaxUfragLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxUfragLength];
        for (int i = 0; i < ufrag.Length; i++)
        {
            if (ufrag[i] >= 0x80)
            {
                return false;
            }

            chars[i] = (char)ufrag[i];
        }

        return _byUfragSpan.TryGetValue(chars[..ufrag.Length], out peer);
    }

    /// <summary>Finds the peer associated with a remote address.</summary>
    /// <param name="remote">The remote transport address.</param>
    /// <param name="peer">The peer, or null.</param>
    /// <returns>False when not associated.</returns>
    public bool TryGetByEndpoint(IPEndPoint remote, out TPeer? peer)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return _byEndpoint.TryGetValue(remote, out peer);
    }

    /// <summary>
    /// Classifies <paramref name="datagram"/> (<see cref="PacketClassifier"/>) and finds its peer: STUN with a
    /// USERNAME by the ufrag before ':' (without USERNAME, by address), all other kinds by address.
    /// </summary>
    /// <param name="datagram">The UDP payload.</param>
    /// <param name="remote">Its source address.</param>
    /// <param name="peer">The peer, or null when none matches or the kind is <see cref="PacketKind.Unknown"/>.</param>
    /// <returns>The packet kind (also when no peer matched).</returns>
    public PacketKind Route(ReadOnlySpan<byte> datagram, IPEndPoint remote, out TPeer? peer)
    {
        ArgumentNullException.ThrowIfNull(remote);
        peer = null;
        PacketKind kind = PacketClassifier.Classify(datagram);
        switch (kind)
        {
            case PacketKind.Unknown:
                return kind;
            case PacketKind.Stun when StunMessage.TryPeekLocalUfrag(datagram, out ReadOnlySpan<byte> ufrag):
                TryGetByUfrag(ufrag, out peer);
                return kind;
            default:
                _byEndpoint.TryGetValue(remote, out peer);
                return kind;
        }
    }

    private sealed class PeerEntry(string ufrag, int capacity)
    {
        public string Ufrag { get; } = ufrag;

        public List<IPEndPoint> Endpoints { get; } = new(capacity);
    }
}
