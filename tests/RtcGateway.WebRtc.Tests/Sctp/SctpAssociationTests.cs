using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.Tests.Sctp;

public class SctpAssociationTests
{
    internal static SctpAssociationOptions FastOptions => new() { RtoInitialMs = 200, RtoMinMs = 50, RtoMaxMs = 2_000, HeartbeatIntervalMs = 0 };

    internal static (SctpTestNetwork Net, AssociationEndpoint A, AssociationEndpoint B) Connected(
        LinkProfile? profile = null, int seed = 1, SctpAssociationOptions? options = null)
    {
        var a = new AssociationEndpoint(new SctpAssociation(options ?? FastOptions));
        var b = new AssociationEndpoint(new SctpAssociation(options ?? FastOptions));
        var net = new SctpTestNetwork(a, b, profile, seed);
        a.Association.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Established) && b.Has(SctpEventKind.Established)), "handshake");
        return (net, a, b);
    }

    internal static byte[] Payload(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Handshake_EstablishesBothSides_AndNegotiatesExtensions()
    {
        (_, AssociationEndpoint a, AssociationEndpoint b) = Connected();
        Assert.Equal(SctpAssociationState.Established, a.Association.State);
        Assert.Equal(SctpAssociationState.Established, b.Association.State);
        Assert.Equal(65535, a.Association.OutboundStreams);
        Assert.True(a.Association.PeerSupportsForwardTsn && a.Association.PeerSupportsReconfig);
        Assert.True(b.Association.PeerSupportsForwardTsn && b.Association.PeerSupportsReconfig);
    }

    [Fact]
    public void Handshake_SurvivesLossOfInitAndCookie()
    {
        var a = new AssociationEndpoint(new SctpAssociation(FastOptions));
        var b = new AssociationEndpoint(new SctpAssociation(FastOptions));
        var net = new SctpTestNetwork(a, b, new LinkProfile(Loss: 0.4), seed: 7);
        a.Association.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Established) && b.Has(SctpEventKind.Established), 30_000));
    }

    [Fact]
    public void Handshake_InitCollision_Establishes()
    {
        var a = new AssociationEndpoint(new SctpAssociation(FastOptions));
        var b = new AssociationEndpoint(new SctpAssociation(FastOptions));
        var net = new SctpTestNetwork(a, b);
        a.Association.Connect(net.NowMs);
        b.Association.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Established) && b.Has(SctpEventKind.Established), 10_000));
        Assert.Equal(SctpSendResult.Queued, a.Association.Send(1, 51, "hi"u8, default, net.NowMs));
        Assert.True(net.RunUntil(() => b.Messages.Count == 1));
    }

    [Fact]
    public void Connect_GivesUpAfterMaxInitRetransmits()
    {
        var a = new AssociationEndpoint(new SctpAssociation(FastOptions with { MaxInitRetransmits = 3 }));
        var b = new AssociationEndpoint(new SctpAssociation(FastOptions));
        var net = new SctpTestNetwork(a, b, new LinkProfile(Loss: 1));
        a.Association.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Closed), 60_000));
        Assert.Equal(SctpCloseReason.Timeout, a.Association.CloseReason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1132)]
    [InlineData(1133)]
    [InlineData(65_536)]
    [InlineData(262_144)]
    public void ReliableOrdered_RoundTrip(int size)
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected();
        byte[] ab = Payload(size, 1);
        byte[] ba = Payload(size, 2);
        Assert.Equal(SctpSendResult.Queued, a.Association.Send(3, 53, ab, default, net.NowMs));
        Assert.Equal(SctpSendResult.Queued, b.Association.Send(4, 51, ba, default, net.NowMs));
        Assert.True(net.RunUntil(() => a.Messages.Count == 1 && b.Messages.Count == 1));
        Assert.Equal(ab, b.Messages[0].Data.ToArray());
        Assert.Equal(3, b.Messages[0].StreamId);
        Assert.Equal(53u, b.Messages[0].Ppid);
        Assert.Equal(ba, a.Messages[0].Data.ToArray());
        Assert.True(net.RunUntil(() => a.Association.BufferedAmount == 0 && b.Association.BufferedAmount == 0));
    }

    [Fact]
    public void Send_RefusesEmptyTooLargeAndInvalid()
    {
        (SctpTestNetwork net, AssociationEndpoint a, _) = Connected();
        Assert.Equal(SctpSendResult.Empty, a.Association.Send(1, 51, ReadOnlySpan<byte>.Empty, default, net.NowMs));
        Assert.Equal(SctpSendResult.TooLarge, a.Association.Send(1, 51, new byte[262_145], default, net.NowMs));
        var fresh = new SctpAssociation();
        Assert.Equal(SctpSendResult.NotEstablished, fresh.Send(1, 51, "x"u8, default, 0));
    }

    [Fact]
    public void Send_BoundedByMaxSendBuffer()
    {
        (SctpTestNetwork net, AssociationEndpoint a, _) = Connected(options: FastOptions with { MaxSendBufferBytes = 100_000 });
        int queued = 0;
        SctpSendResult r;
        while ((r = a.Association.Send(1, 53, new byte[10_000], default, net.NowMs)) == SctpSendResult.Queued)
        {
            queued++;
        }

        Assert.Equal(SctpSendResult.BufferFull, r);
        Assert.Equal(10, queued);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Reliable_UnderTwentyPercentLossReorderingAndDuplication_DeliversAllInOrder(int seed)
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected(seed: seed);
        net.Profile = new LinkProfile(Loss: 0.2, Duplicate: 0.05, DelayMs: 10, JitterMs: 15);
        var rng = new Random(seed);
        var sent = new List<byte[]>();
        for (int i = 0; i < 150; i++)
        {
            byte[] m = Payload(rng.Next(1, i % 10 == 0 ? 5_000 : 300), i);
            sent.Add(m);
            Assert.Equal(SctpSendResult.Queued, a.Association.Send(1, 53, m, default, net.NowMs));
            net.Advance(5);
        }

        Assert.True(net.RunUntil(() => b.Messages.Count == sent.Count, 120_000), $"got {b.Messages.Count}");
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(sent[i], b.Messages[i].Data.ToArray());
        }

        Assert.True(a.Association.Retransmissions > 0);
        Assert.True(net.RunUntil(() => a.Association.BufferedAmount == 0, 60_000));
    }

    [Fact]
    public void UnorderedMaxRetransmitsZero_UnderTenPercentLoss_AbandonsAndMovesOn()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected(seed: 5);
        net.Profile = new LinkProfile(Loss: 0.1, DelayMs: 5, JitterMs: 3);
        var options = new SctpSendOptions(Unordered: true, MaxRetransmits: 0);
        const int count = 1000;
        for (int i = 0; i < count; i++)
        {
            byte[] m = BitConverter.GetBytes(i);
            Assert.Equal(SctpSendResult.Queued, a.Association.Send(2, 51, m, options, net.NowMs));
            net.Advance(10); // 100 Hz
        }

        net.Advance(5_000);
        List<int> got = b.Messages.Select(e => BitConverter.ToInt32(e.Data.Span)).ToList();
        Assert.InRange(got.Count, 800, count - 1);
        Assert.Equal(got.Count, got.Distinct().Count());
        Assert.True(a.Association.AbandonedMessages > 0);
        Assert.Equal(0, a.Association.BufferedAmount);

        // No stall: after the lossy period new messages arrive promptly.
        net.Profile = LinkProfile.Perfect;
        int before = b.Messages.Count;
        Assert.Equal(SctpSendResult.Queued, a.Association.Send(2, 51, "after"u8, options, net.NowMs));
        Assert.True(net.RunUntil(() => b.Messages.Count == before + 1, 100));
    }

    [Fact]
    public void OrderedMaxRetransmitsZero_UnderLoss_ForwardTsnSkipsSsnsWithoutStall()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected(seed: 9);
        net.Profile = new LinkProfile(Loss: 0.15, DelayMs: 5);
        var options = new SctpSendOptions(Unordered: false, MaxRetransmits: 0);
        for (int i = 0; i < 300; i++)
        {
            a.Association.Send(2, 53, BitConverter.GetBytes(i), options, net.NowMs);
            net.Advance(10);
        }

        net.Profile = LinkProfile.Perfect;
        net.Advance(5_000);
        List<int> got = b.Messages.Select(e => BitConverter.ToInt32(e.Data.Span)).ToList();
        Assert.True(got.Count < 300 && got.Count > 200, $"got {got.Count}");
        Assert.Equal(got.OrderBy(x => x), got);
        a.Association.Send(2, 53, BitConverter.GetBytes(1000), options, net.NowMs);
        Assert.True(net.RunUntil(() => b.Messages.Count == got.Count + 1, 200));
    }

    [Fact]
    public void MaxLifetime_AbandonsStaleMessages()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected();
        net.Profile = new LinkProfile(Loss: 1);
        a.Association.Send(1, 53, "stale"u8, new SctpSendOptions(MaxLifetimeMs: 100), net.NowMs);
        net.Advance(1_000);
        net.Profile = LinkProfile.Perfect;
        net.Advance(3_000);
        Assert.Empty(b.Messages);
        Assert.Equal(1, a.Association.AbandonedMessages);
        a.Association.Send(1, 53, "fresh"u8, new SctpSendOptions(MaxLifetimeMs: 100), net.NowMs);
        Assert.True(net.RunUntil(() => b.Messages.Count == 1, 1_000));
        Assert.Equal("fresh"u8.ToArray(), b.Messages[0].Data.ToArray());
    }

    [Fact]
    public void Heartbeat_IsAnsweredAndMeasuresRtt()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) =
            Connected(profile: new LinkProfile(DelayMs: 20), options: FastOptions with { HeartbeatIntervalMs = 1_000 });
        net.Advance(5_500);
        Assert.InRange(a.Association.HeartbeatAcks, 4, 6);
        Assert.InRange(a.Association.SrttMs ?? 0, 35, 45);
        Assert.Equal(SctpAssociationState.Established, b.Association.State);
    }

    [Fact]
    public void Heartbeat_UnansweredClosesWithTimeout()
    {
        (SctpTestNetwork net, AssociationEndpoint a, _) =
            Connected(options: FastOptions with { HeartbeatIntervalMs = 500, MaxRetransmissions = 3 });
        net.Profile = new LinkProfile(Loss: 1);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Closed), 60_000));
        Assert.Equal(SctpCloseReason.Timeout, a.Association.CloseReason);
    }

    [Fact]
    public void DataToVanishedPeer_ClosesWithTimeout()
    {
        (SctpTestNetwork net, AssociationEndpoint a, _) = Connected(options: FastOptions with { MaxRetransmissions = 4 });
        net.Profile = new LinkProfile(Loss: 1);
        a.Association.Send(1, 53, "x"u8, default, net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Closed), 60_000));
        Assert.Equal(SctpCloseReason.Timeout, a.Association.CloseReason);
    }

    [Fact]
    public void Shutdown_DeliversQueuedDataThenClosesBothSides()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected(seed: 3);
        net.Profile = new LinkProfile(Loss: 0.1, DelayMs: 5);
        byte[] big = Payload(50_000, 4);
        a.Association.Send(1, 53, big, default, net.NowMs);
        a.Association.Shutdown(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Closed) && b.Has(SctpEventKind.Closed), 60_000));
        Assert.Equal(SctpCloseReason.Shutdown, a.Association.CloseReason);
        Assert.Equal(SctpCloseReason.Shutdown, b.Association.CloseReason);
        Assert.Equal(big, b.Messages.Single().Data.ToArray());
        Assert.Null(a.Association.NextTimeoutMs);
    }

    [Fact]
    public void Abort_ClosesPeerWithRemoteAbort()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected();
        a.Association.Abort(net.NowMs);
        Assert.True(net.RunUntil(() => b.Has(SctpEventKind.Closed)));
        Assert.Equal(SctpCloseReason.LocalAbort, a.Association.CloseReason);
        Assert.Equal(SctpCloseReason.RemoteAbort, b.Association.CloseReason);
        Assert.Equal(SctpSendResult.NotEstablished, a.Association.Send(1, 51, "x"u8, default, net.NowMs));
    }

    [Fact]
    public void StreamReset_RestartsSsnOnBothSides()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected();
        for (int i = 0; i < 3; i++)
        {
            a.Association.Send(7, 51, new[] { (byte)i }, default, net.NowMs);
        }

        Assert.True(a.Association.ResetOutgoingStreams([7], net.NowMs));
        Assert.Equal(SctpSendResult.StreamResetting, a.Association.Send(7, 51, "x"u8, default, net.NowMs));
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.OutgoingStreamsReset) && b.Has(SctpEventKind.IncomingStreamsReset)));
        Assert.Equal([7], b.Events.First(e => e.Kind == SctpEventKind.IncomingStreamsReset).Streams);

        // Messages before the reset arrive before the reset event.
        int resetIndex = b.Events.FindIndex(e => e.Kind == SctpEventKind.IncomingStreamsReset);
        Assert.Equal(3, b.Events.Take(resetIndex).Count(e => e.Kind == SctpEventKind.MessageReceived));

        // The stream works again from SSN 0.
        Assert.Equal(SctpSendResult.Queued, a.Association.Send(7, 51, "again"u8, default, net.NowMs));
        Assert.True(net.RunUntil(() => b.Messages.Count == 4));
    }

    [Fact]
    public void StreamReset_RetransmittedUnderLoss()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = Connected(seed: 21);
        net.Profile = new LinkProfile(Loss: 0.5, DelayMs: 5);
        a.Association.Send(5, 51, "x"u8, default, net.NowMs);
        a.Association.ResetOutgoingStreams([5], net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.OutgoingStreamsReset) && b.Has(SctpEventKind.IncomingStreamsReset), 60_000));
        Assert.Single(b.Events, e => e.Kind == SctpEventKind.IncomingStreamsReset);
    }

    [Fact]
    public void BufferedAmountLow_FiresWhenDrained()
    {
        (SctpTestNetwork net, AssociationEndpoint a, _) = Connected();
        a.Association.SetBufferedAmountLowThreshold(1, 1_000);
        a.Association.Send(1, 53, new byte[20_000], default, net.NowMs);
        Assert.Equal(20_000, a.Association.GetBufferedAmount(1));
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.BufferedAmountLow)));
        Assert.Equal(1, a.Events.First(e => e.Kind == SctpEventKind.BufferedAmountLow).StreamId);
    }

    [Fact]
    public void UndrainedReceiver_ClosesWindowAndRecovers()
    {
        var options = FastOptions with { ReceiveBufferBytes = 20_000 };
        var a = new AssociationEndpoint(new SctpAssociation(options));
        var b = new SctpAssociation(options);
        var bEndpoint = new HoldingEndpoint(b);
        var net = new SctpTestNetwork(a, bEndpoint);
        a.Association.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Established)));
        for (int i = 0; i < 20; i++)
        {
            a.Association.Send(1, 53, new byte[5_000], default, net.NowMs);
        }

        net.Advance(3_000);
        Assert.True(a.Association.BufferedAmount > 0, "sender must be blocked by the closed window");
        int received = 0;
        Assert.True(net.RunUntil(
            () =>
            {
                while (b.TryPollEvent(out SctpEvent e))
                {
                    received += e.Kind == SctpEventKind.MessageReceived ? 1 : 0;
                }

                return received == 20;
            },
            60_000));
    }

    private sealed class HoldingEndpoint(SctpAssociation association) : ISctpEndpoint
    {
        public long? NextTimeoutMs => association.NextTimeoutMs;

        public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs) => association.HandlePacket(packet, nowMs);

        public void HandleTimeout(long nowMs) => association.HandleTimeout(nowMs);

        public bool TryPollPacket(Span<byte> dst, out int length) => association.TryPollPacket(dst, out length);
    }
}
