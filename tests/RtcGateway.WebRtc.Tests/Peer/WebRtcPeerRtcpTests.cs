using System.Net;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Tests.Rtcp;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>The browser's SRTCP feedback (RR, PLI, FIR, NACK, BYE) against a connected <see cref="WebRtcPeer"/>.</summary>
public sealed class WebRtcPeerRtcpTests
{
    private const uint BrowserSsrc = 0x0000_0001;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public void Receiver_report_with_lsr_and_dlsr_gives_the_round_trip_time()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 21 }, Generous);
        SendFrames(browser, 2);
        browser.Srtcp.Clear();
        browser.Advance(1000);
        byte[] sr = browser.UnprotectRtcp(Assert.Single(browser.Srtcp).Datagram)!;
        var reader = new RtcpCompoundReader(sr);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        uint lsr = packet.AsSenderReport().NtpTimestamp.Middle32;

        // The browser holds the SR 100 ms (DLSR, 1/65536 s units); the network adds 30 ms + 20 ms.
        browser.Advance(150);
        browser.SendRtcp(RtcpBytes.ReceiverReport(browser.Options.VideoSsrc, lsr, dlsr: 6554));
        PeerStats stats = browser.Peer.Stats;
        Assert.NotNull(stats.RoundTripTimeMs);
        Assert.InRange(stats.RoundTripTimeMs!.Value, 49.0, 51.0);
        Assert.Equal(5 / 256.0, stats.FractionLost);
        Assert.Equal(42u, stats.Jitter);
        Assert.Equal(0, stats.RtcpDropped);
    }

    [Fact]
    public void Pli_requests_a_keyframe_and_pli_for_another_ssrc_does_not()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 22 }, Generous);
        browser.SendRtcp(RtcpBytes.Pli(BrowserSsrc, browser.Options.VideoSsrc));
        PeerEvent keyframe = Assert.Single(browser.Events, e => e.Kind == PeerEventKind.KeyframeRequested);
        Assert.Equal("PLI", keyframe.Reason);
        browser.SendRtcp(RtcpBytes.Pli(BrowserSsrc, browser.Options.VideoSsrc ^ 1));
        Assert.Equal(1, browser.CountEvents(PeerEventKind.KeyframeRequested));
        Assert.Equal(1, browser.Peer.Stats.PliReceived);
    }

    [Fact]
    public void Fir_requests_a_keyframe_once_per_command_sequence_number()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 23 }, Generous);
        uint ssrc = browser.Options.VideoSsrc;
        browser.SendRtcp(RtcpBytes.Fir(BrowserSsrc, (ssrc, 7)));
        browser.SendRtcp(RtcpBytes.Fir(BrowserSsrc, (ssrc, 7))); // retransmission of the same request (RFC 5104 §4.3.1.2)
        browser.SendRtcp(RtcpBytes.Fir(BrowserSsrc, (ssrc, 8)));
        browser.SendRtcp(RtcpBytes.Fir(BrowserSsrc, (ssrc ^ 1, 9))); // not ours
        var requests = browser.Events.Where(e => e.Kind == PeerEventKind.KeyframeRequested).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, e => Assert.Equal("FIR", e.Reason));
        Assert.Equal(2, browser.Peer.Stats.FirReceived);
    }

    [Theory]
    [InlineData(30_000)]
    [InlineData(65_530)] // the NACKed packets were sent before the sequence number wrapped (SRTP ROC 0 vs 1)
    public void Nack_retransmits_byte_identical_packets_and_counts_misses(int initialSequenceNumber)
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(
            new PeerTestSettings { Seed = 24, InitialSequenceNumber = (ushort)initialSequenceNumber }, Generous);
        SendFrames(browser, 3);
        var sent = browser.Srtp.ToDictionary(p => ReceivedRtp.Parse(browser.UnprotectRtp(p.Datagram)!).SequenceNumber, p => p.Datagram);
        Assert.True(sent.Count >= 8);
        ushort first = (ushort)initialSequenceNumber;
        ushort lost1 = (ushort)(first + 1);
        ushort lost2 = (ushort)(first + 3);
        browser.Srtp.Clear();
        browser.Clock.Advance(40);

        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (lost1, 0b10)));
        Assert.Equal(2, browser.Srtp.Count);
        Assert.Equal(sent[lost1], browser.Srtp[0].Datagram);
        Assert.Equal(sent[lost2], browser.Srtp[1].Datagram);
        Assert.Equal(2, browser.Peer.Stats.Retransmissions);
        Assert.Equal(1, browser.Peer.Stats.NacksReceived); // one NACK message naming two packets

        browser.Srtp.Clear();
        ushort unknown = (ushort)(first + 2000);
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (unknown, 0)));
        Assert.Empty(browser.Srtp);
        Assert.Equal(1, browser.Peer.Stats.NackMisses);

        // Past the 1 s history the same NACK is a miss.
        browser.Advance(1100);
        browser.Srtp.Clear();
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (lost1, 0)));
        Assert.Empty(browser.Srtp);
        Assert.Equal(2, browser.Peer.Stats.NackMisses);
        Assert.Equal(3, browser.Peer.Stats.NacksReceived);
    }

    [Fact]
    public void Bye_closes_the_peer_and_it_answers_with_its_own_bye()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 25 }, Generous);
        browser.Srtcp.Clear();
        browser.SendRtcp(RtcpBytes.Packet(1, 203, RtcpBytes.U32(BrowserSsrc)));
        Assert.Equal(PeerState.Closed, browser.Peer.State);
        PeerEvent closed = Assert.Single(browser.Events, e => e.Kind == PeerEventKind.Closed);
        Assert.Contains("BYE", closed.Reason, StringComparison.Ordinal);
        Assert.Equal(closed.Reason, browser.Peer.CloseReason);

        byte[] bye = browser.UnprotectRtcp(Assert.Single(browser.Srtcp).Datagram)!;
        var reader = new RtcpCompoundReader(bye);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketKind.Goodbye, packet.Kind);
        Assert.Equal(browser.Options.VideoSsrc, packet.AsGoodbye().GetSsrc(0));

        // Closed is terminal: nothing more is sent.
        using var frame = new FrameLease(new H264Packetizer().Packetize(TestAccessUnits.PFrame(new Random(1), 100), 1100));
        Assert.False(browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now));
        Assert.Null(browser.Peer.NextTimeoutMs);
    }

    [Fact]
    public void Unauthenticated_or_unvalidated_rtcp_is_dropped_and_counted()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 26 }, Generous);
        byte[] pli = browser.ProtectRtcp(RtcpBytes.Pli(BrowserSsrc, browser.Options.VideoSsrc));
        byte[] tampered = (byte[])pli.Clone();
        tampered[10] ^= 0x40;
        browser.FeedPeer(tampered);
        browser.FeedPeer(pli, new IPEndPoint(IPAddress.Parse("10.9.9.9"), 40_000));
        Assert.Equal(0, browser.CountEvents(PeerEventKind.KeyframeRequested));
        Assert.Equal(2, browser.Peer.Stats.RtcpDropped);

        browser.FeedPeer(pli);
        Assert.Equal(1, browser.CountEvents(PeerEventKind.KeyframeRequested));
        browser.FeedPeer(pli); // SRTCP replay (RFC 3711 §3.3.2)
        Assert.Equal(1, browser.CountEvents(PeerEventKind.KeyframeRequested));
        Assert.Equal(3, browser.Peer.Stats.RtcpDropped);
    }

    internal static void SendFrames(PeerTestBrowser browser, int count, int seed = 5)
    {
        var random = new Random(seed);
        var packetizer = new H264Packetizer();
        for (int i = 0; i < count; i++)
        {
            using var frame = new FrameLease(packetizer.Packetize(
                i == 0 ? TestAccessUnits.Idr(random) : TestAccessUnits.PFrame(random, 2000), RtpPayloadBudget.DefaultMaxPayloadSize));
            Assert.True(browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now));
            browser.Deliver();
            browser.Clock.Advance(33);
        }
    }
}
