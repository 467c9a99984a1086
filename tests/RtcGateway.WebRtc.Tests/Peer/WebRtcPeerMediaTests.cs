using System.Buffers.Binary;
using System.Net;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Rtp;
using RtcGateway.WebRtc.Stun;
using RtcGateway.WebRtc.Tests.Rtp;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>Two-peer protocol tests: the test browser against a <see cref="WebRtcPeer"/> over the in-memory network.</summary>
public sealed class WebRtcPeerMediaTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public void Ice_check_is_answered_with_xor_mapped_address_and_validates_the_remote()
    {
        using PeerTestBrowser browser = PeerTestBrowser.Create(new PeerTestSettings { Seed = 11 });
        browser.SendCheck(useCandidate: true);

        var (response, to) = Assert.Single(browser.StunResponses);
        Assert.Equal(browser.Address, to);
        Assert.True(StunMessage.TryRead(response, out StunMessageView view));
        Assert.Equal(StunMessageType.BindingSuccess, view.Type);
        Assert.True(view.VerifyMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(browser.Answer.IcePwd)));
        Assert.True(view.VerifyFingerprint());
        Assert.True(view.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(browser.Address, mapped);
        PeerEvent validated = Assert.Single(browser.Events);
        Assert.Equal(PeerEventKind.RemoteValidated, validated.Kind);
        Assert.Equal(browser.Address, validated.Remote);
        Assert.Equal(PeerState.Connecting, browser.Peer.State);
    }

    [Fact]
    public void Check_with_the_wrong_password_is_rejected_and_dtls_from_that_address_is_dropped()
    {
        using PeerTestBrowser browser = PeerTestBrowser.Create(new PeerTestSettings { Seed = 12 });
        browser.FeedPeer(browser.BuildCheck(useCandidate: true, password: "wrongwrongwrongwrongwrong"));
        Assert.DoesNotContain(browser.Events, e => e.Kind == PeerEventKind.RemoteValidated);

        // A ClientHello-shaped record from the unvalidated address never reaches the DTLS layer.
        byte[] record = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
        browser.FeedPeer(record);
        Assert.Equal(RtcGateway.WebRtc.Dtls.DtlsState.New, browser.Peer.DtlsState);
        Assert.Equal(1, browser.Peer.Stats.DatagramsDropped);
    }

    [Fact]
    public void Full_path_connects_and_delivers_an_idr_and_p_frames_byte_exact()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 1 }, Generous);
        Assert.Equal(PeerState.Connected, browser.Peer.State);
        Assert.Equal(1, browser.CountEvents(PeerEventKind.Connected));
        Assert.Equal(browser.Address, browser.Peer.Remote);
        Assert.NotEqual(0, browser.Peer.Stats.SrtpProfile);
        Assert.All(browser.DtlsFromPeer, d => Assert.Equal(browser.Address, d.To));

        var random = new Random(100);
        var packetizer = new H264Packetizer();
        var frames = new List<(List<ReadOnlyMemory<byte>> Nals, long CaptureUs)>
        {
            (TestAccessUnits.Idr(random), browser.Clock.UnixUs - 30_000),
        };
        for (int i = 1; i <= 4; i++)
        {
            frames.Add((TestAccessUnits.PFrame(random, i % 2 == 0 ? 900 : 2500), frames[0].CaptureUs + (i * 33_333)));
        }

        ushort expectedSeq = browser.Options.InitialSequenceNumber;
        int? lastTwcc = null;
        foreach (var (nals, captureUs) in frames)
        {
            browser.Srtp.Clear();
            PacketizedFrame frame = packetizer.Packetize(nals, RtpPayloadBudget.DefaultMaxPayloadSize);
            Assert.True(browser.Peer.SendFrame(frame, captureUs, browser.Clock.Now));
            frame.Release();
            browser.Deliver();
            browser.Clock.Advance(33);

            Assert.Equal(frame.PayloadCount, browser.Srtp.Count);
            var payloads = new List<byte[]>();
            for (int i = 0; i < browser.Srtp.Count; i++)
            {
                var (ciphertext, to) = browser.Srtp[i];
                Assert.Equal(browser.Address, to);
                Assert.InRange(ciphertext.Length, 1, 1200);
                byte[] plain = browser.UnprotectRtp(ciphertext) ?? throw new Xunit.Sdk.XunitException($"packet {i} does not authenticate");
                ReceivedRtp rtp = ReceivedRtp.Parse(plain);
                Assert.Equal(browser.Negotiated.PayloadType, rtp.PayloadType);
                Assert.Equal(browser.Options.VideoSsrc, rtp.Ssrc);
                Assert.Equal(expectedSeq++, rtp.SequenceNumber);
                Assert.Equal(ReceivedRtp.Rtp90k(captureUs, browser.Options.RtpTimestampOffset), rtp.Timestamp);
                Assert.Equal(i == browser.Srtp.Count - 1, rtp.Marker);

                Assert.Equal(System.Text.Encoding.ASCII.GetBytes(browser.Negotiated.VideoMid), rtp.Extensions[browser.Negotiated.MidExtensionId!.Value]);
                byte twccId = browser.Negotiated.TransportWideCcExtensionId!.Value;
                int twcc = BinaryPrimitives.ReadUInt16BigEndian(rtp.Extensions[twccId]);
                if (lastTwcc is int previous)
                {
                    Assert.Equal((previous + 1) & 0xFFFF, twcc);
                }

                lastTwcc = twcc;
                byte absId = browser.Negotiated.AbsCaptureTimeExtensionId!.Value;
                byte delayId = browser.Negotiated.PlayoutDelayExtensionId!.Value;
                if (i == 0)
                {
                    Assert.Equal(ReceivedRtp.Ntp64(captureUs), ReceivedRtp.ReadNtp(rtp.Extensions[absId]));
                    Assert.Equal(new byte[3], rtp.Extensions[delayId]);
                }
                else
                {
                    Assert.False(rtp.Extensions.ContainsKey(absId));
                    Assert.False(rtp.Extensions.ContainsKey(delayId));
                }

                payloads.Add(rtp.Payload);
            }

            List<byte[]> nalUnits = H264Depacketizer.Depacketize(payloads);
            Assert.Equal(nals.Count, nalUnits.Count);
            for (int n = 0; n < nals.Count; n++)
            {
                Assert.Equal(nals[n].ToArray(), nalUnits[n]);
            }
        }

        // The IDR's 5,000-byte slice needs FU-A; SPS+PPS go as one STAP-A.
        Assert.Equal(frames.Count, browser.Peer.Stats.FramesSent);
        Assert.True(browser.Transmitter.MaxDatagramLength <= 1200);
    }

    [Fact]
    public void Sequence_numbers_and_srtp_roll_over_across_65535()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(
            new PeerTestSettings { Seed = 2, InitialSequenceNumber = 65_532 }, Generous);
        var random = new Random(2);
        using var frame = new FrameLease(new H264Packetizer().Packetize(TestAccessUnits.Idr(random, 9000), RtpPayloadBudget.DefaultMaxPayloadSize));
        Assert.True(browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now));
        browser.Deliver();
        Assert.True(browser.Srtp.Count > 6);
        var seqs = browser.Srtp.Select(p => ReceivedRtp.Parse(browser.UnprotectRtp(p.Datagram)!).SequenceNumber).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => (ushort)(65_532 + i)), seqs);
    }

    [Fact]
    public void Sender_report_every_second_maps_ntp_to_the_capture_clock_and_carries_the_cname()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 3 }, Generous);
        var random = new Random(3);
        var packetizer = new H264Packetizer();
        long octets = 0;
        int packets = 0;
        for (int i = 0; i < 3; i++)
        {
            using var frame = new FrameLease(packetizer.Packetize(i == 0 ? TestAccessUnits.Idr(random) : TestAccessUnits.PFrame(random, 1500),
                RtpPayloadBudget.DefaultMaxPayloadSize));
            browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now);
            for (int p = 0; p < frame.Frame.PayloadCount; p++)
            {
                octets += frame.Frame.GetPayloadLength(p);
            }

            packets += frame.Frame.PayloadCount;
            browser.Deliver();
        }

        browser.Srtcp.Clear();
        long next = browser.Peer.NextTimeoutMs ?? throw new Xunit.Sdk.XunitException("no timeout while connected");
        Assert.True(next <= browser.Clock.MonotonicMs + 1000, $"next timeout {next - browser.Clock.MonotonicMs} ms away");
        browser.Advance(1000);
        var (datagram, to) = Assert.Single(browser.Srtcp);
        Assert.Equal(browser.Address, to);
        byte[] rtcp = browser.UnprotectRtcp(datagram) ?? throw new Xunit.Sdk.XunitException("SR does not authenticate");
        AssertSenderReport(browser, rtcp, browser.Clock.UnixUs, packets, octets);

        // The next one comes one interval later, driven by the fake clock only.
        browser.Srtcp.Clear();
        browser.Advance(999);
        Assert.Empty(browser.Srtcp);
        browser.Advance(1);
        Assert.Single(browser.Srtcp);
    }

    internal static void AssertSenderReport(PeerTestBrowser browser, byte[] rtcp, long nowUs, int packets, long octets)
    {
        var reader = new RtcpCompoundReader(rtcp);
        Assert.True(reader.TryReadNext(out RtcpPacket first));
        Assert.Equal(RtcpPacketKind.SenderReport, first.Kind);
        RtcpSenderReport sr = first.AsSenderReport();
        Assert.Equal(browser.Options.VideoSsrc, sr.Ssrc);
        Assert.Equal(ReceivedRtp.Ntp64(nowUs), sr.NtpTimestamp.Value);
        Assert.Equal(ReceivedRtp.Rtp90k(nowUs, browser.Options.RtpTimestampOffset), sr.RtpTimestamp);
        Assert.Equal((uint)packets, sr.PacketCount);
        Assert.Equal((uint)octets, sr.OctetCount);
        Assert.True(reader.TryReadNext(out RtcpPacket second));
        Assert.Equal(RtcpPacketKind.SourceDescription, second.Kind);
        bool foundCname = false;
        foreach (RtcpSdesItem item in second.AsSourceDescription().GetItems())
        {
            if (item.Type == RtcpSourceDescription.CnameItemType)
            {
                Assert.Equal(browser.Options.VideoSsrc, item.Ssrc);
                Assert.Equal(browser.Answer.Cname, System.Text.Encoding.ASCII.GetString(item.Value));
                foundCname = true;
            }
        }

        Assert.True(foundCname);
    }
}

/// <summary>Releases the packetizer's reference at the end of a using block.</summary>
internal readonly struct FrameLease(PacketizedFrame frame) : IDisposable
{
    public PacketizedFrame Frame { get; } = frame;

    public void Dispose() => Frame.Release();
}
