using System.Net;
using System.Text;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Tests.Stun;

namespace RtcGateway.WebRtc.Tests.Demux;

public class PeerRouterTests
{
    private sealed record Peer(string Name);

    private static readonly IPEndPoint A = new(IPAddress.Parse("192.0.2.1"), 1000);
    private static readonly IPEndPoint B = new(IPAddress.Parse("192.0.2.2"), 2000);
    private static readonly byte[] Dtls = [0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] Rtcp = [0x81, 0xC9, 0, 1, 0, 0, 0, 1];

    private readonly BindingRequests _requests = new(3);

    [Fact]
    public void Stun_RoutesByUfrag_FromAnyAddress()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        var p2 = new Peer("two");
        Assert.True(router.TryRegister("ufA1", p1));
        Assert.True(router.TryRegister("ufB2", p2));

        Assert.Equal(PacketKind.Stun, router.Route(_requests.Build("ufB2:remote", "pw"), A, out Peer? routed));
        Assert.Same(p2, routed);
        Assert.Equal(PacketKind.Stun, router.Route(_requests.Build("ufA1:remote", "pw"), B, out routed));
        Assert.Same(p1, routed);
        Assert.Equal(PacketKind.Stun, router.Route(_requests.Build("nobody:remote", "pw"), B, out routed));
        Assert.Null(routed);
    }

    [Fact]
    public void NonStun_RoutesByAssociatedEndpoint()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        router.TryRegister("ufA1", p1);

        Assert.Equal(PacketKind.Dtls, router.Route(Dtls, A, out Peer? routed));
        Assert.Null(routed);

        Assert.True(router.Associate(A, p1));
        Assert.Equal(PacketKind.Dtls, router.Route(Dtls, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1000), out routed));
        Assert.Same(p1, routed);
        Assert.Equal(PacketKind.Rtcp, router.Route(Rtcp, A, out routed));
        Assert.Same(p1, routed);
        Assert.Equal(PacketKind.Dtls, router.Route(Dtls, B, out routed));
        Assert.Null(routed);
        Assert.Equal(PacketKind.Unknown, router.Route([0x50, 0x00], A, out routed));
        Assert.Null(routed);
    }

    [Fact]
    public void StunWithoutUsername_RoutesByEndpoint()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        router.TryRegister("ufA1", p1);
        router.Associate(A, p1);
        Assert.Equal(PacketKind.Stun, router.Route(Rfc5769VectorTests.SampleIPv4Response, A, out Peer? routed));
        Assert.Same(p1, routed);
    }

    [Fact]
    public void Register_RejectsDuplicatesAndCapacity()
    {
        var router = new PeerRouter<Peer>(maxPeers: 2);
        var p1 = new Peer("one");
        Assert.True(router.TryRegister("u1", p1));
        Assert.False(router.TryRegister("u1", new Peer("x")));
        Assert.False(router.TryRegister("u9", p1));
        Assert.True(router.TryRegister("u2", new Peer("two")));
        Assert.False(router.TryRegister("u3", new Peer("three")));
        Assert.Equal(2, router.PeerCount);
    }

    [Fact]
    public void Remove_ForgetsUfragAndEndpoints()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        router.TryRegister("ufA1", p1);
        router.Associate(A, p1);
        router.Associate(B, p1);
        Assert.Equal(2, router.EndpointCount);

        Assert.True(router.Remove(p1));
        Assert.False(router.Remove(p1));
        Assert.Equal(0, router.EndpointCount);
        Assert.Equal(0, router.PeerCount);
        Assert.False(router.TryGetByEndpoint(A, out _));
        Assert.False(router.TryGetByUfrag("ufA1"u8, out _));
        Assert.False(router.Associate(A, p1));

        // The ufrag can be reused by a new peer.
        Assert.True(router.TryRegister("ufA1", new Peer("again")));
    }

    [Fact]
    public void Associate_MovesEndpointBetweenPeers()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        var p2 = new Peer("two");
        router.TryRegister("u1", p1);
        router.TryRegister("u2", p2);
        router.Associate(A, p1);
        router.Associate(A, p2);
        Assert.True(router.TryGetByEndpoint(A, out Peer? owner));
        Assert.Same(p2, owner);
        Assert.Equal(1, router.EndpointCount);

        // Removing p1 must not remove A, which now belongs to p2.
        router.Remove(p1);
        Assert.True(router.TryGetByEndpoint(A, out owner));
        Assert.Same(p2, owner);
    }

    [Fact]
    public void Associate_EvictsOldestBeyondPerPeerBound()
    {
        var router = new PeerRouter<Peer>(maxPeers: 4, maxEndpointsPerPeer: 3);
        var p1 = new Peer("one");
        router.TryRegister("u1", p1);
        var endpoints = Enumerable.Range(0, 5).Select(i => new IPEndPoint(IPAddress.Loopback, 5000 + i)).ToArray();
        foreach (IPEndPoint endpoint in endpoints)
        {
            Assert.True(router.Associate(endpoint, p1));
        }

        Assert.Equal(3, router.EndpointCount);
        Assert.False(router.TryGetByEndpoint(endpoints[0], out _));
        Assert.False(router.TryGetByEndpoint(endpoints[1], out _));
        Assert.True(router.TryGetByEndpoint(endpoints[4], out _));
    }

    [Fact]
    public void Associate_CopiesEndpoint()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        router.TryRegister("u1", p1);
        var reused = new IPEndPoint(IPAddress.Loopback, 7000);
        router.Associate(reused, p1);
        reused.Port = 7001;
        Assert.True(router.TryGetByEndpoint(new IPEndPoint(IPAddress.Loopback, 7000), out _));
        Assert.False(router.TryGetByEndpoint(reused, out _));
    }

    [Fact]
    public void Dissociate_RemovesOnlyThatEndpoint()
    {
        var router = new PeerRouter<Peer>();
        var p1 = new Peer("one");
        router.TryRegister("u1", p1);
        router.Associate(A, p1);
        router.Associate(B, p1);
        Assert.True(router.Dissociate(A));
        Assert.False(router.Dissociate(A));
        Assert.False(router.TryGetByEndpoint(A, out _));
        Assert.True(router.TryGetByEndpoint(B, out _));
    }

    [Fact]
    public void TryGetByUfrag_RejectsNonAsciiAndOverlong()
    {
        var router = new PeerRouter<Peer>();
        router.TryRegister("u1", new Peer("one"));
        Assert.True(router.TryGetByUfrag("u1"u8, out _));
        Assert.False(router.TryGetByUfrag(Encoding.UTF8.GetBytes("ü1"), out _));
        Assert.False(router.TryGetByUfrag(new byte[257], out _));
        Assert.False(router.TryGetByUfrag([], out _));
    }
}
