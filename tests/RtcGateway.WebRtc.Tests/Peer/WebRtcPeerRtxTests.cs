using System.Buffers.Binary;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Tests.Rtcp;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>
/// NACK recovery through RTX (RFC 4588 §4) and the per-peer transport-wide sequence counter
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), checked on the decrypted packets the test browser receives.
/// </summary>
public sealed class WebRtcPeerRtxTests
{
    private const uint BrowserSsrc = 0x0000_0001;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(30_000, 1234)]
    [InlineData(65_530, 65_535)] // media sent across the RTP wrap; the RTX stream wraps between its two packets
    public void Nack_is_answered_with_rtx_packets_carrying_osn_and_the_original_payload(int initialSequenceNumber, int initialRtx)
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings
        {
            Seed = 81, Rtx = true, InitialSequenceNumber = (ushort)initialSequenceNumber, InitialRtxSequenceNumber = (ushort)initialRtx,
            InitialTransportSequenceNumber = 500,
        }, Generous);
        byte rtxPt = Assert.NotNull(browser.Negotiated.RtxPayloadType);
        uint rtxSsrc = Assert.NotNull(browser.Negotiated.RtxSsrc);
        Assert.Equal(browser.Negotiated.PayloadType + 1, rtxPt); // chromium fixture: 108 → rtx 109
        Assert.NotEqual(browser.Options.VideoSsrc, rtxSsrc);

        WebRtcPeerRtcpTests.SendFrames(browser, 3);
        Dictionary<ushort, ReceivedRtp> sent = Decrypt(browser).ToDictionary(p => p.SequenceNumber);
        Assert.True(sent.Count >= 8);
        ushort highestTransport = sent.Values.Select(p => Twcc(browser, p)).Max();
        Assert.Equal((ushort)(500 + sent.Count - 1), highestTransport);
        long packetsSent = browser.Peer.Stats.PacketsSent;
        browser.Srtp.Clear();
        browser.Clock.Advance(40);

        ushort first = (ushort)initialSequenceNumber;
        ushort lost1 = first; // the frame's first packet: it carries the per-frame extensions too
        ushort lost2 = (ushort)(first + 7);
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (lost1, 1 << 6)));

        Assert.Equal(2, browser.Srtp.Count);
        Assert.All(browser.Srtp, d => Assert.True(d.Datagram.Length <= RtpPayloadBudget.DefaultDatagramBudget));
        List<ReceivedRtp> rtx = Decrypt(browser);
        for (int i = 0; i < 2; i++)
        {
            ReceivedRtp r = rtx[i];
            ReceivedRtp original = sent[i == 0 ? lost1 : lost2];
            Assert.Equal(rtxSsrc, r.Ssrc);
            Assert.Equal(rtxPt, r.PayloadType);
            Assert.Equal((ushort)(initialRtx + i), r.SequenceNumber);
            Assert.Equal(original.Timestamp, r.Timestamp);
            Assert.Equal(original.Marker, r.Marker);
            Assert.Equal(original.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(r.Payload)); // OSN
            Assert.Equal(original.Payload, r.Payload[2..]);
            Assert.Equal((ushort)(highestTransport + 1 + i), Twcc(browser, r)); // fresh transport-wide numbers
            foreach ((byte id, byte[] value) in original.Extensions)
            {
                if (id != browser.Negotiated.TransportWideCcExtensionId)
                {
                    Assert.Equal(value, r.Extensions[id]); // mid, and on the first packet playout-delay + abs-capture-time
                }
            }

            Assert.Equal(original.Extensions.Keys.Order(), r.Extensions.Keys.Order());
        }

        Assert.True(sent[lost1].Extensions.ContainsKey(browser.Negotiated.AbsCaptureTimeExtensionId!.Value));
        PeerStats stats = browser.Peer.Stats;
        Assert.Equal(2, stats.Retransmissions);
        Assert.Equal(2, stats.RtxPacketsSent);
        Assert.Equal(packetsSent, stats.PacketsSent);

        // Media continues on the same transport-wide counter, after the RTX packets.
        browser.Srtp.Clear();
        WebRtcPeerRtcpTests.SendFrames(browser, 1, seed: 9);
        List<ReceivedRtp> next = Decrypt(browser);
        Assert.Equal((ushort)(highestTransport + 3), Twcc(browser, next[0]));
        Assert.All(next, p => Assert.Equal(browser.Options.VideoSsrc, p.Ssrc));
    }

    [Fact]
    public void Nack_miss_with_rtx_sends_nothing_and_consumes_no_rtx_sequence_number()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(
            new PeerTestSettings { Seed = 82, Rtx = true, InitialSequenceNumber = 100, InitialRtxSequenceNumber = 7 }, Generous);
        WebRtcPeerRtcpTests.SendFrames(browser, 2);
        browser.Srtp.Clear();
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (5000, 0)));
        Assert.Empty(browser.Srtp);
        // A NACK naming the RTX SSRC is not ours to answer (RTX packets are not retransmitted again).
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Negotiated.RtxSsrc!.Value, (100, 0)));
        Assert.Empty(browser.Srtp);
        Assert.Equal(1, browser.Peer.Stats.NackMisses);

        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (101, 0)));
        ReceivedRtp r = Assert.Single(Decrypt(browser));
        Assert.Equal((ushort)7, r.SequenceNumber);
        Assert.Equal((ushort)101, BinaryPrimitives.ReadUInt16BigEndian(r.Payload));
        Assert.Equal(0, browser.Peer.Stats.Retransmissions - browser.Peer.Stats.RtxPacketsSent);
    }

    [Fact]
    public void Repeated_nack_for_the_same_packet_gives_distinct_rtx_packets()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(
            new PeerTestSettings { Seed = 83, Rtx = true, InitialSequenceNumber = 2000 }, Generous);
        WebRtcPeerRtcpTests.SendFrames(browser, 1);
        browser.Srtp.Clear();
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (2001, 0)));
        browser.Clock.Advance(30);
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (2001, 0)));
        Assert.Equal(2, browser.Srtp.Count);
        Assert.NotEqual(browser.Srtp[0].Datagram, browser.Srtp[1].Datagram);
        List<ReceivedRtp> rtx = Decrypt(browser); // both authenticate: distinct SRTP indexes on the RTX SSRC
        Assert.Equal((ushort)(rtx[0].SequenceNumber + 1), rtx[1].SequenceNumber);
        Assert.Equal(rtx[0].Payload, rtx[1].Payload);
        Assert.Equal((ushort)(Twcc(browser, rtx[0]) + 1), Twcc(browser, rtx[1]));
    }

    [Theory]
    [InlineData(30_000, 7)]
    [InlineData(10, 65_533)] // the transport-wide counter wraps while the RTP one does not
    public void Without_rtx_the_transport_counter_is_separate_and_plain_resends_stay_byte_identical(int initialSequenceNumber,
        int initialTransport)
    {
        var observer = new RecordingSendObserver();
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings
        {
            Seed = 84, InitialSequenceNumber = (ushort)initialSequenceNumber, InitialTransportSequenceNumber = (ushort)initialTransport,
            PacketSendObserver = observer,
        }, Generous);
        Assert.Null(browser.Negotiated.RtxPayloadType);
        WebRtcPeerRtcpTests.SendFrames(browser, 3);
        var originals = browser.Srtp.Select(d => d.Datagram).ToList();
        List<ReceivedRtp> sent = Decrypt(browser);
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal((ushort)(initialSequenceNumber + i), sent[i].SequenceNumber);
            Assert.Equal((ushort)(initialTransport + i), Twcc(browser, sent[i]));
            Assert.Equal(((ushort)(initialTransport + i), originals[i].Length, false), observer.Sent[i]);
        }

        observer.Sent.Clear();
        browser.Srtp.Clear();
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, ((ushort)(initialSequenceNumber + 2), 0b1)));
        Assert.Equal(2, browser.Srtp.Count);
        Assert.Equal(originals[2], browser.Srtp[0].Datagram);
        Assert.Equal(originals[3], browser.Srtp[1].Datagram);
        Assert.Equal(
            [((ushort)(initialTransport + 2), originals[2].Length, true), ((ushort)(initialTransport + 3), originals[3].Length, true)],
            observer.Sent);
        Assert.Equal(2, browser.Peer.Stats.Retransmissions);
        Assert.Equal(0, browser.Peer.Stats.RtxPacketsSent);

        // The next new packet continues the transport-wide counter (resends took no new number).
        observer.Sent.Clear();
        browser.Srtp.Clear();
        WebRtcPeerRtcpTests.SendFrames(browser, 1, seed: 11);
        Assert.Equal((ushort)(initialTransport + sent.Count), Twcc(browser, Decrypt(browser)[0]));
        Assert.Equal((ushort)(initialTransport + sent.Count), observer.Sent[0].Seq);
    }

    [Fact]
    public void Observer_sees_every_media_and_rtx_packet_with_its_wire_size()
    {
        var observer = new RecordingSendObserver();
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(
            new PeerTestSettings { Seed = 85, Rtx = true, InitialSequenceNumber = 40_000, PacketSendObserver = observer }, Generous);
        WebRtcPeerRtcpTests.SendFrames(browser, 2);
        browser.SendRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (40_001, 0b11)));
        var datagrams = browser.Srtp.Select(d => d.Datagram).ToList();
        List<ReceivedRtp> all = Decrypt(browser);
        Assert.Equal(datagrams.Count, observer.Sent.Count);
        for (int i = 0; i < datagrams.Count; i++)
        {
            bool isRtx = all[i].Ssrc == browser.Negotiated.RtxSsrc;
            Assert.Equal((Twcc(browser, all[i]), datagrams[i].Length, isRtx), observer.Sent[i]);
            Assert.Equal((ushort)(observer.Sent[0].Seq + i), observer.Sent[i].Seq); // one unbroken counter
        }

        Assert.Equal(3, all.Count(p => p.Ssrc == browser.Negotiated.RtxSsrc));
        Assert.Equal(browser.Clock.Now, observer.LastTime);
    }

    [Fact]
    public void Bye_names_the_rtx_ssrc_too()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 86, Rtx = true }, Generous);
        browser.Srtcp.Clear();
        browser.Peer.Close("test", browser.Clock.Now);
        browser.Deliver();
        var reader = new RtcpCompoundReader(browser.UnprotectRtcp(Assert.Single(browser.Srtcp).Datagram)!);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketKind.Goodbye, packet.Kind);
        Assert.Equal(browser.Options.VideoSsrc, packet.AsGoodbye().GetSsrc(0));
        Assert.Equal(browser.Negotiated.RtxSsrc, packet.AsGoodbye().GetSsrc(1));
    }

    [Fact]
    public void Rtx_retransmission_with_an_observer_allocates_zero_bytes_after_warm_up()
    {
        var observer = new CountingSendObserver();
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(
            new PeerTestSettings { Seed = 87, Rtx = true, InitialSequenceNumber = 0, PacketSendObserver = observer }, Generous);
        browser.Transmitter.Discard = true;
        using var frame = new FrameLease(new H264Packetizer().Packetize(TestAccessUnits.PFrame(new Random(87), 6000), RtpPayloadBudget.DefaultMaxPayloadSize));
        byte[] nack = browser.ProtectRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, (0, 0b11)));
        for (int i = 0; i < 50; i++)
        {
            browser.Clock.Advance(33);
            Assert.True(browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now));
        }

        // Warm-up of the NACK path (SRTCP replay protection rejects a repeated datagram, so each NACK is protected anew
        // before measuring; the RTCP parse and RTX send are what is measured).
        browser.Peer.HandleDatagram(nack, browser.Address, browser.Clock.Now);
        long last = browser.Peer.Stats.PacketsSent - 1; // sequence numbers started at 0
        var nacks = Enumerable.Range(0, 20)
            .Select(i => browser.ProtectRtcp(RtcpBytes.Nack(BrowserSsrc, browser.Options.VideoSsrc, ((ushort)(last - 80 + (3 * i)), 0b11))))
            .ToList();
        long rtxBefore = browser.Peer.Stats.RtxPacketsSent;
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (byte[] n in nacks)
        {
            browser.Peer.HandleDatagram(n, browser.Address, browser.Clock.Now);
        }

        for (int i = 0; i < 20; i++)
        {
            browser.Clock.Advance(33);
            browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(60, browser.Peer.Stats.RtxPacketsSent - rtxBefore);
        Assert.Equal(0, allocated);
        Assert.True(observer.Count > 0);
    }

    private static List<ReceivedRtp> Decrypt(PeerTestBrowser browser) =>
        browser.Srtp.Select(d => ReceivedRtp.Parse(Assert.IsType<byte[]>(browser.UnprotectRtp(d.Datagram)))).ToList();

    private static ushort Twcc(PeerTestBrowser browser, ReceivedRtp packet) =>
        BinaryPrimitives.ReadUInt16BigEndian(packet.Extensions[browser.Negotiated.TransportWideCcExtensionId!.Value]);

    private sealed class RecordingSendObserver : IPacketSendObserver
    {
        public List<(ushort Seq, int Size, bool Retransmission)> Sent { get; } = [];

        public PeerTime LastTime { get; private set; }

        public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, bool isRetransmission, PeerTime now)
        {
            Sent.Add((transportSequenceNumber, sizeBytes, isRetransmission));
            LastTime = now;
        }
    }

    private sealed class CountingSendObserver : IPacketSendObserver
    {
        public long Count { get; private set; }

        public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, bool isRetransmission, PeerTime now) => Count++;
    }
}
