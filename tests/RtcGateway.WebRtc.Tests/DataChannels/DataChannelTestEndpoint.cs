using RtcGateway.WebRtc.DataChannels;
using RtcGateway.WebRtc.Sctp;
using RtcGateway.WebRtc.Tests.Sctp;

namespace RtcGateway.WebRtc.Tests.DataChannels;

/// <summary>A <see cref="DataChannelManager"/> on the test network that collects its events.</summary>
internal sealed class DataChannelTestEndpoint(DataChannelManager manager) : ISctpEndpoint
{
    public DataChannelManager Manager { get; } = manager;

    public List<DataChannelEvent> Events { get; } = new();

    public long? NextTimeoutMs => Manager.NextTimeoutMs;

    public List<DataChannelEvent> Messages(ushort id) =>
        Events.Where(e => e.Kind == DataChannelEventKind.Message && e.Channel!.Id == id).ToList();

    public int Count(DataChannelEventKind kind, ushort id) => Events.Count(e => e.Kind == kind && e.Channel?.Id == id);

    public DataChannel? Opened(string label) =>
        Events.LastOrDefault(e => e.Kind == DataChannelEventKind.ChannelOpened && e.Channel!.Label == label).Channel;

    public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        Manager.HandlePacket(packet, nowMs);
        Drain();
    }

    public void HandleTimeout(long nowMs)
    {
        Manager.HandleTimeout(nowMs);
        Drain();
    }

    public bool TryPollPacket(Span<byte> dst, out int length)
    {
        bool r = Manager.TryPollPacket(dst, out length);
        Drain();
        return r;
    }

    /// <summary>Browser-like client (DTLS client, even ids, SCTP initiator) and gateway (DTLS server, odd ids).</summary>
    public static (SctpTestNetwork Net, DataChannelTestEndpoint Browser, DataChannelTestEndpoint Gateway) Pair(
        LinkProfile? profile = null, int seed = 1)
    {
        var browser = new DataChannelTestEndpoint(new DataChannelManager(new SctpAssociation(SctpAssociationTests.FastOptions), isDtlsClient: true));
        var gateway = new DataChannelTestEndpoint(new DataChannelManager(new SctpAssociation(SctpAssociationTests.FastOptions), isDtlsClient: false));
        var net = new SctpTestNetwork(browser, gateway, profile, seed);
        browser.Manager.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => browser.Manager.Association.State == SctpAssociationState.Established
            && gateway.Manager.Association.State == SctpAssociationState.Established));
        return (net, browser, gateway);
    }

    private void Drain()
    {
        while (Manager.TryPollEvent(out DataChannelEvent e))
        {
            Events.Add(e);
        }
    }
}
