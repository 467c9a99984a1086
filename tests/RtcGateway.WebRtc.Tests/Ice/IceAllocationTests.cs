using System.Net;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Ice;
using RtcGateway.WebRtc.Stun;
using RtcGateway.WebRtc.Tests.Stun;

namespace RtcGateway.WebRtc.Tests.Ice;

/// <summary>The consent-check hot path (demux + validate + respond) must not allocate.</summary>
public class IceAllocationTests
{
    [Fact]
    public void ConsentCheck_RouteAndRespond_AllocatesNothing()
    {
        const string password = "gatewaypassword0123456789";
        byte[] request = new BindingRequests(5).Build("gw01:brws", password, useCandidate: true);
        var remote = new IPEndPoint(IPAddress.Parse("192.168.1.20"), 50001);
        var agent = new IceLiteAgent("gw01", password, "brws", null, 0);
        var router = new PeerRouter<IceLiteAgent>();
        router.TryRegister("gw01", agent);
        var response = new byte[IceLiteAgent.MaxResponseLength];

        // Warm up (first nomination records the remote and raises events).
        Assert.Equal(IceResult.Success, agent.HandleBindingRequest(request, remote, 1, response, out _));
        router.Associate(remote, agent);
        while (agent.TryPollEvent(out _))
        {
        }

        int successes = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            PacketKind kind = router.Route(request, remote, out IceLiteAgent? peer);
            if (kind == PacketKind.Stun && peer is not null
                && peer.HandleBindingRequest(request, remote, 2 + i, response, out int length) == IceResult.Success && length > 0)
            {
                successes++;
            }

            StunMessage.TryPeekLocalUfrag(request, out _);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000, successes);
        Assert.Equal(0, allocated);
    }
}
