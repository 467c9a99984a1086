using System.Text;
using RtcGateway.WebRtc.DataChannels;
using RtcGateway.WebRtc.Sctp;
using RtcGateway.WebRtc.Tests.Sctp;

namespace RtcGateway.WebRtc.Tests.DataChannels;

public class DataChannelManagerTests
{
    [Fact]
    public void BrowserOpen_DcepOpenAck_OpensBothSides()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        DataChannel b = browser.Manager.CreateChannel("chat", new DataChannelOptions { Protocol = "json" }, net.NowMs);
        Assert.Equal(0, b.Id);
        Assert.Equal(DataChannelState.Connecting, b.State);
        Assert.True(net.RunUntil(() => browser.Opened("chat") is not null && gateway.Opened("chat") is not null));
        DataChannel g = gateway.Opened("chat")!;
        Assert.Equal(0, g.Id);
        Assert.Equal("json", g.Protocol);
        Assert.Equal(DataChannelState.Open, g.State);
        Assert.Equal(DataChannelState.Open, b.State);
        DataChannel b2 = browser.Manager.CreateChannel("second", null, net.NowMs);
        Assert.Equal(2, b2.Id);
    }

    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, null, null)]
    [InlineData(true, 2, null)]
    [InlineData(false, 0, null)]
    [InlineData(true, null, 500)]
    [InlineData(false, null, 100)]
    public void EveryChannelType_ArrivesWithItsOptions(bool ordered, int? maxRetransmits, int? maxLifeTime)
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        var options = new DataChannelOptions { Ordered = ordered, MaxRetransmits = maxRetransmits, MaxPacketLifeTimeMs = maxLifeTime, Priority = 512 };
        DataChannel b = browser.Manager.CreateChannel("c", options, net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Opened("c") is not null && b.State == DataChannelState.Open));
        DataChannel g = gateway.Opened("c")!;
        Assert.Equal(ordered, g.Options.Ordered);
        Assert.Equal(maxRetransmits, g.Options.MaxRetransmits);
        Assert.Equal(maxLifeTime, g.Options.MaxPacketLifeTimeMs);
        Assert.Equal(512, g.Options.Priority);
        Assert.Equal(options.ChannelType, g.Options.ChannelType);
        Assert.Equal(SctpSendResult.Queued, g.Send("pong", net.NowMs));
        Assert.True(net.RunUntil(() => browser.Messages(b.Id).Count == 1));
    }

    [Fact]
    public void GatewayOpen_UsesOddIds()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        DataChannel g = gateway.Manager.CreateChannel("telemetry", null, net.NowMs);
        Assert.Equal(1, g.Id);
        Assert.Equal(3, gateway.Manager.CreateChannel("other", null, net.NowMs).Id);
        Assert.True(net.RunUntil(() => g.State == DataChannelState.Open && browser.Opened("telemetry") is not null));
        Assert.Throws<InvalidOperationException>(() => gateway.Manager.CreateChannel("x", new DataChannelOptions { Id = 6 }, net.NowMs));
    }

    [Fact]
    public void Messages_TextBinaryEmptyAnd64KiB()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        DataChannel b = browser.Manager.CreateChannel("data", null, net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Opened("data") is not null));
        DataChannel g = gateway.Opened("data")!;
        byte[] big = SctpAssociationTests.Payload(65_536, 3);
        b.Send("héllo", net.NowMs);
        b.Send(string.Empty, net.NowMs);
        b.Send(new byte[] { 1, 2, 3 }, net.NowMs);
        b.Send(ReadOnlySpan<byte>.Empty, net.NowMs);
        Assert.Equal(SctpSendResult.Queued, b.Send(big, net.NowMs));
        Assert.True(net.RunUntil(() => gateway.Messages(g.Id).Count == 5));
        List<DataChannelEvent> m = gateway.Messages(g.Id);
        Assert.True(m[0].IsText);
        Assert.Equal("héllo", Encoding.UTF8.GetString(m[0].Data.Span));
        Assert.True(m[1].IsText && m[1].Data.IsEmpty);
        Assert.False(m[2].IsText);
        Assert.Equal(new byte[] { 1, 2, 3 }, m[2].Data.ToArray());
        Assert.True(!m[3].IsText && m[3].Data.IsEmpty);
        Assert.Equal(big, m[4].Data.ToArray());

        // Echo the 64 KiB message back.
        Assert.Equal(SctpSendResult.Queued, g.Send(m[4].Data.Span, net.NowMs));
        Assert.True(net.RunUntil(() => browser.Messages(b.Id).Count == 1));
        Assert.Equal(big, browser.Messages(b.Id)[0].Data.ToArray());
    }

    [Fact]
    public void Send_RespectsRemoteMaxMessageSize()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        DataChannel b = browser.Manager.CreateChannel("data", null, net.NowMs);
        Assert.True(net.RunUntil(() => b.State == DataChannelState.Open));
        Assert.Equal(SctpSendResult.TooLarge, b.Send(new byte[65_537], net.NowMs));
        browser.Manager.RemoteMaxMessageSize = 262_144;
        Assert.Equal(SctpSendResult.Queued, b.Send(new byte[262_144], net.NowMs));
        Assert.True(net.RunUntil(() => gateway.Events.Count(e => e.Kind == DataChannelEventKind.Message) == 1));
    }

    [Fact]
    public void PreNegotiated_OpensWithoutDcep()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        var options = new DataChannelOptions { Negotiated = true, Id = 4, Ordered = false, MaxRetransmits = 0 };
        DataChannel b = browser.Manager.CreateChannel("control", options, net.NowMs);
        DataChannel g = gateway.Manager.CreateChannel("control", options, net.NowMs);
        Assert.Equal(DataChannelState.Open, b.State);
        Assert.Equal(DataChannelState.Open, g.State);
        b.Send("{\"type\":\"ping\"}", net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Messages(4).Count == 1));
        Assert.Equal(0, gateway.Manager.DroppedMessages);
        Assert.Equal(1, gateway.Count(DataChannelEventKind.ChannelOpened, 4));
    }

    [Fact]
    public void PreNegotiated_BeforeAssociation_OpensOnEstablished()
    {
        var browser = new DataChannelTestEndpoint(new DataChannelManager(new SctpAssociation(SctpAssociationTests.FastOptions), true));
        var gateway = new DataChannelTestEndpoint(new DataChannelManager(new SctpAssociation(SctpAssociationTests.FastOptions), false));
        var net = new SctpTestNetwork(browser, gateway);
        var options = new DataChannelOptions { Negotiated = true, Id = 0 };
        DataChannel g = gateway.Manager.CreateChannel("control", options, net.NowMs);
        DataChannel b = browser.Manager.CreateChannel("control", options, net.NowMs);
        DataChannel inBand = browser.Manager.CreateChannel("early", null, net.NowMs);
        Assert.Equal(DataChannelState.Connecting, g.State);
        browser.Manager.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => g.State == DataChannelState.Open && b.State == DataChannelState.Open && inBand.State == DataChannelState.Open));
        Assert.Equal(2, inBand.Id);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 31)]
    [InlineData(false, 32)]
    public void Close_FromEitherSide_EndsClosedOnBoth_AndIdIsReusable(bool browserCloses, int seed)
    {
        LinkProfile? profile = seed == 0 ? null : new LinkProfile(Loss: 0.2, DelayMs: 5, JitterMs: 5);
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair(profile, seed);
        DataChannel b = browser.Manager.CreateChannel("chat", null, net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Opened("chat") is not null && b.State == DataChannelState.Open, 30_000));
        DataChannel g = gateway.Opened("chat")!;
        b.Send("last words", net.NowMs);
        (browserCloses ? b : g).Close(net.NowMs);
        Assert.Equal(DataChannelState.Closing, (browserCloses ? b : g).State);
        Assert.True(net.RunUntil(() => b.State == DataChannelState.Closed && g.State == DataChannelState.Closed, 60_000));
        Assert.Equal(1, browser.Count(DataChannelEventKind.ChannelClosed, 0));
        Assert.Equal(1, gateway.Count(DataChannelEventKind.ChannelClosed, 0));
        Assert.Single(gateway.Messages(0));
        Assert.Empty(browser.Manager.Channels);
        Assert.Empty(gateway.Manager.Channels);

        // Reopen on the same id.
        DataChannel b2 = browser.Manager.CreateChannel("chat2", null, net.NowMs);
        Assert.Equal(0, b2.Id);
        Assert.True(net.RunUntil(() => gateway.Opened("chat2") is not null && b2.State == DataChannelState.Open, 30_000));
        b2.Send("again", net.NowMs);
        gateway.Opened("chat2")!.Send("back", net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Messages(0).Count == 2 && browser.Messages(0).Count == 1, 30_000));
        Assert.Equal("again", Encoding.UTF8.GetString(gateway.Messages(0)[1].Data.Span));
    }

    [Fact]
    public void ControlChannel_UnorderedNoRetransmits_100Hz_TenPercentLoss_NoStall()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair(seed: 77);
        DataChannel b = browser.Manager.CreateChannel("control", new DataChannelOptions { Ordered = false, MaxRetransmits = 0 }, net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Opened("control") is not null && b.State == DataChannelState.Open));
        net.Profile = new LinkProfile(Loss: 0.1, DelayMs: 2, JitterMs: 2);
        var latencies = new List<long>();
        var sentAt = new Dictionary<int, long>();
        int seen = 0;
        for (int i = 0; i < 1000; i++)
        {
            sentAt[i] = net.NowMs;
            b.Send($"{{\"seq\":{i}}}", net.NowMs);
            net.Advance(10);
            List<DataChannelEvent> got = gateway.Messages(0);
            for (; seen < got.Count; seen++)
            {
                int seq = int.Parse(Encoding.UTF8.GetString(got[seen].Data.Span)[7..^1], System.Globalization.CultureInfo.InvariantCulture);
                latencies.Add(net.NowMs - sentAt[seq]);
            }
        }

        Assert.InRange(latencies.Count, 850, 999);
        Assert.True(latencies.Max() <= 10, $"max latency {latencies.Max()} ms: a lost command must not delay later ones");
        Assert.True(browser.Manager.Association.AbandonedMessages > 0);
    }

    [Fact]
    public void AssociationClose_ClosesChannels()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        DataChannel b = browser.Manager.CreateChannel("chat", null, net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Opened("chat") is not null));
        browser.Manager.Association.Abort(net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Events.Any(e => e.Kind == DataChannelEventKind.AssociationClosed)));
        Assert.Equal(DataChannelState.Closed, b.State);
        Assert.Equal(DataChannelState.Closed, gateway.Opened("chat")!.State);
        Assert.Equal(SctpSendResult.NotEstablished, b.Send("x", net.NowMs));
    }

    [Fact]
    public void DcepOpen_WithOurParity_IsIgnored()
    {
        (SctpTestNetwork net, DataChannelTestEndpoint browser, DataChannelTestEndpoint gateway) = DataChannelTestEndpoint.Pair();
        byte[] open = new DcepMessage(DcepMessage.Open, DataChannelType.Reliable, 256, 0, "bad", string.Empty).ToArray();
        browser.Manager.Association.Send(1, DataChannelPpid.Dcep, open, default, net.NowMs);
        browser.Manager.Association.Send(9, DataChannelPpid.String, "orphan"u8, default, net.NowMs);
        Assert.True(net.RunUntil(() => gateway.Manager.DroppedMessages == 2));
        Assert.Empty(gateway.Manager.Channels);
    }
}
