using System.Net;
using System.Text;
using RtcGateway.WebRtc.Demux;
using RtcGateway.WebRtc.Dtls;
using RtcGateway.WebRtc.Peer;
using RtcGateway.WebRtc.Stun;
using RtcGateway.WebRtc.Tests.Rtcp;
using Xunit.Abstractions;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>
/// Peer-level robustness: seeded random and mutated datagrams in every RFC 7983 range fed to connected and fresh peers.
/// <para>
/// What an attacker needs to reach a connected peer's DTLS: the peer hands DTLS only from addresses that passed an ICE
/// check (MESSAGE-INTEGRITY with our ice-pwd, which travels only in the signalled answer), so the attacker must send UDP
/// with the browser's exact validated source IP and port (on-path, or off-path spoofing where no ingress filtering
/// exists). Even then a forged, truncated or replayed record is discarded and counted (RFC 6347 §4.1.2.7): BouncyCastle
/// 2.x drops bad_record_mac itself, and <c>DtlsCrypto</c> turns its other decode failures (e.g. decode_error on a record
/// shorter than the AEAD overhead, which would otherwise fail the session) into the same silent discard. An off-path
/// attacker without the exact validated 5-tuple cannot reach the DTLS layer at all (phase 2 of the test below).
/// </para>
/// </summary>
public sealed class WebRtcPeerFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public void Thirty_thousand_random_and_mutated_datagrams_throw_nothing_and_spare_the_neighbour()
    {
        var random = new Random(4242);
        var owned = new List<PeerTestBrowser>();
        try
        {
            Run(random, owned);
        }
        finally
        {
            owned.ForEach(browser => browser.Dispose());
        }
    }

    private void Run(Random random, List<PeerTestBrowser> owned)
    {
        PeerTestBrowser a = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 41 }, Generous);
        owned.Add(a);
        using PeerTestBrowser b = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 42 }, Generous);
        var router = new PeerRouter<PeerTestBrowser>();
        Assert.True(router.TryRegister(a.Answer.IceUfrag, a));
        Assert.True(router.TryRegister(b.Answer.IceUfrag, b));
        Assert.True(router.Associate(a.Address, a));
        Assert.True(router.Associate(b.Address, b));

        // Captured material: the handshakes (client → peer), checks, SRTCP and SRTP (peer → client).
        WebRtcPeerRtcpTests.SendFrames(a, 3);
        WebRtcPeerRtcpTests.SendFrames(b, 3);
        var captured = new List<byte[]>();
        captured.AddRange(a.SentToPeer);
        captured.AddRange(b.SentToPeer); // b's own epoch-1 records: fatal if they reached b's DTLS layer
        captured.AddRange(a.Srtp.Take(20).Select(p => p.Datagram));
        captured.AddRange(a.Srtcp.Select(p => p.Datagram));
        captured.Add(a.BuildCheck(true));
        captured.Add(b.BuildCheck(true));
        captured.Add(a.ProtectRtcp(RtcpBytes.Pli(1, a.Options.VideoSsrc)));
        captured.Add(b.ProtectRtcp(RtcpBytes.Nack(1, b.Options.VideoSsrc, (b.Options.InitialSequenceNumber, 0xFFFF))));
        Assert.Contains(captured, d => PacketClassifier.Classify(d) == PacketKind.Dtls);

        int cases = 0;
        int exceptions = 0;
        Exception? firstException = null;
        void Feed(PeerTestBrowser target, byte[] datagram, IPEndPoint from)
        {
            cases++;
            try
            {
                target.Peer.HandleDatagram(datagram, from, target.Clock.Now);
                if (cases % 64 == 0)
                {
                    target.Peer.HandleTimeout(target.Clock.Now);
                }

                target.Transmitter.Pending.Clear();
                while (target.Peer.TryPollEvent(out PeerEvent e))
                {
                    target.Events.Add(e);
                }
            }
            catch (Exception exception)
            {
                exceptions++;
                firstException ??= exception;
            }
        }

        long bDropsBefore = b.Peer.Stats.DatagramsDropped + b.Peer.Stats.RtcpDropped;
        int bDtlsFromStrangers = 0;
        int bMediaChecks = 0;

        // 1. Connected peer a, from its validated address: STUN/RTP/RTCP ranges (random, mutated, well-formed checks
        //    with random attributes, SRTCP-protected random RTCP plaintext that reaches the compound parser).
        for (int i = 0; i < 20_000; i++)
        {
            byte[] datagram = (i % 7) switch
            {
                0 => Mutate(random, captured[random.Next(captured.Count)]),
                1 => RandomCheck(random, a),
                2 => a.ProtectRtcp(RandomRtcpPlaintext(random)),
                _ => RandomDatagram(random, random.Next(3) switch { 0 => PacketKind.Stun, 1 => PacketKind.Rtp, _ => PacketKind.Rtcp }),
            };
            if (PacketClassifier.Classify(datagram) == PacketKind.Dtls)
            {
                continue; // phase 3
            }

            Feed(a, datagram, a.Address);
            if (a.Peer.State == PeerState.Closed)
            {
                // A protected random compound can legitimately carry a BYE: reconnect a fresh peer and go on.
                Assert.Contains("BYE", a.Peer.CloseReason, StringComparison.Ordinal);
                a.Events.Clear();
                PeerTestBrowser next = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 1000 + i }, Generous);
                owned.Add(next);
                router.Remove(a);
                a = next;
                Assert.True(router.TryRegister(a.Answer.IceUfrag, a));
                Assert.True(router.Associate(a.Address, a));
            }

            if (i % 500 == 0)
            {
                bMediaChecks += AssertStillServing(b);
            }
        }

        // 2. The neighbour b, from addresses that never passed a check: via the router (as the server's socket loop
        //    does) and straight at the peer (the peer's own gate). Mutated copies of b's own DTLS records would kill
        //    its session if they reached the DTLS layer.
        for (int i = 0; i < 12_000; i++)
        {
            var stranger = new IPEndPoint(new IPAddress(random.Next(1, int.MaxValue)), random.Next(1, 65536));
            byte[] datagram = (i % 3) switch
            {
                0 => Mutate(random, captured[random.Next(captured.Count)]),
                1 => b.SentToPeer[random.Next(b.SentToPeer.Count)],
                _ => RandomDatagram(random, (PacketKind)random.Next(1, 5)),
            };
            PacketKind kind = PacketClassifier.Classify(datagram);
            if (i % 2 == 0)
            {
                router.Route(datagram, stranger, out PeerTestBrowser? routed);
                if (routed is not null)
                {
                    Assert.Equal(PacketKind.Stun, kind); // only STUN finds a peer from an unknown address
                    Feed(routed, datagram, stranger);
                }
            }
            else
            {
                bDtlsFromStrangers += kind == PacketKind.Dtls ? 1 : 0;
                Feed(b, datagram, stranger);
            }

            if (i % 500 == 0)
            {
                bMediaChecks += AssertStillServing(b);
            }
        }

        Assert.True(bDtlsFromStrangers > 1000);
        Assert.True(b.Peer.Stats.DatagramsDropped + b.Peer.Stats.RtcpDropped - bDropsBefore >= bDtlsFromStrangers);

        // 3. Fresh peers (no check yet): every range, mutated checks with their own ufrag.
        for (int p = 0; p < 3; p++)
        {
            using PeerTestBrowser fresh = PeerTestBrowser.Create(new PeerTestSettings { Seed = 500 + p });
            captured.Add(fresh.BuildCheck(true));
            for (int i = 0; i < 3_000; i++)
            {
                byte[] datagram = i % 2 == 0
                    ? Mutate(random, captured[random.Next(captured.Count)])
                    : RandomDatagram(random, (PacketKind)random.Next(1, 5));
                Feed(fresh, datagram, random.Next(4) == 0 ? fresh.Address : new IPEndPoint(new IPAddress(random.Next(1, int.MaxValue)), 9));
            }

            Assert.Equal(PeerState.Connecting, fresh.Peer.State);
            Assert.Equal(DtlsState.New, fresh.Peer.DtlsState);
        }

        // 4. DTLS-range garbage from a's validated address (the spoofing attacker of the class remarks). Random and
        //    mutated records are discarded: a's session stays up and keeps serving.
        int dtlsCases = 0;
        for (int i = 0; i < 2_000; i++)
        {
            byte[] datagram = i % 2 == 0 ? RandomDatagram(random, PacketKind.Dtls) : Mutate(random, a.SentToPeer[random.Next(a.SentToPeer.Count)]);
            if (PacketClassifier.Classify(datagram) != PacketKind.Dtls)
            {
                continue;
            }

            dtlsCases++;
            Feed(a, datagram, a.Address);
        }

        // The engine thread reacts asynchronously: give it a bounded moment, then collect the outcome on this thread.
        a.RunUntil(() => a.Peer.DtlsState != DtlsState.Connected || a.Peer.State == PeerState.Closed, TimeSpan.FromMilliseconds(500));
        output.WriteLine($"after {dtlsCases} DTLS-range datagrams from its own address: a is {a.Peer.State} ({a.Peer.CloseReason}), DTLS {a.Peer.DtlsState}");
        Assert.Equal(PeerState.Connected, a.Peer.State);
        Assert.Equal(DtlsState.Connected, a.Peer.DtlsState);
        AssertStillServing(a);
        bMediaChecks += AssertStillServing(b);
        output.WriteLine($"{cases} datagrams, {exceptions} exceptions, b served media {bMediaChecks} times");
        Assert.True(cases >= 30_000, $"only {cases} cases");
        Assert.True(exceptions == 0, $"{exceptions} exceptions, first: {firstException}");
        Assert.Equal(PeerState.Connected, b.Peer.State);
        Assert.Equal(DtlsState.Connected, b.Peer.DtlsState);
    }

    /// <summary>b keeps its consent, receives a frame and decrypts it: returns 1.</summary>
    private static int AssertStillServing(PeerTestBrowser b)
    {
        b.Clock.Advance(1000);
        b.SendCheck(useCandidate: false);
        b.Srtp.Clear();
        WebRtcPeerRtcpTests.SendFrames(b, 1, seed: (int)(b.Clock.MonotonicMs & 0xFFFF));
        Assert.NotEmpty(b.Srtp);
        Assert.All(b.Srtp, p => Assert.NotNull(b.UnprotectRtp(p.Datagram)));
        Assert.Equal(PeerState.Connected, b.Peer.State);
        return 1;
    }

    private static byte[] RandomDatagram(Random random, PacketKind kind)
    {
        int length = random.Next(4) == 0 ? random.Next(0, 1400) : random.Next(0, 120);
        var datagram = new byte[length];
        random.NextBytes(datagram);
        if (length == 0)
        {
            return datagram;
        }

        switch (kind)
        {
            case PacketKind.Stun:
                datagram[0] = (byte)random.Next(0, 4);
                if (length >= 8 && random.Next(2) == 0)
                {
                    datagram[1] = 0x01;
                    datagram[4] = 0x21;
                    datagram[5] = 0x12;
                    datagram[6] = 0xA4;
                    datagram[7] = 0x42; // magic cookie (RFC 8489 §5)
                }

                break;
            case PacketKind.Dtls:
                datagram[0] = (byte)random.Next(20, 64);
                if (length >= 13 && random.Next(2) == 0)
                {
                    datagram[0] = (byte)random.Next(20, 24);
                    datagram[1] = 0xFE;
                    datagram[2] = 0xFD;
                    datagram[3] = 0;
                    datagram[4] = (byte)random.Next(0, 2); // epoch 0 or 1
                    datagram[11] = (byte)((length - 13) >> 8);
                    datagram[12] = (byte)(length - 13);
                }

                break;
            case PacketKind.Rtp:
                datagram[0] = (byte)random.Next(128, 192);
                if (length > 1)
                {
                    datagram[1] = (byte)(random.Next(0, 2) * 0x80 | random.Next(0, 64));
                }

                break;
            case PacketKind.Rtcp:
                datagram[0] = (byte)random.Next(128, 192);
                if (length > 1)
                {
                    datagram[1] = (byte)random.Next(192, 224);
                }

                break;
        }

        return datagram;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var data = new List<byte>(original);
        int operations = random.Next(1, 4);
        for (int op = 0; op < operations; op++)
        {
            switch (random.Next(5))
            {
                case 0 when data.Count > 0:
                    int bit = random.Next(data.Count * 8);
                    data[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 1 when data.Count > 0:
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    int cut = random.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut);
                    break;
                case 3:
                    var extra = new byte[random.Next(1, 32)];
                    random.NextBytes(extra);
                    data.InsertRange(random.Next(data.Count + 1), extra);
                    break;
                default:
                    if (data.Count > 4)
                    {
                        int at = random.Next(data.Count - 2);
                        data[at] = 0xFF;
                        data[at + 1] = 0xFF;
                    }

                    break;
            }
        }

        return [.. data];
    }

    /// <summary>A well-formed, authenticated check carrying random extra attributes (comprehension-required or -optional).</summary>
    private static byte[] RandomCheck(Random random, PeerTestBrowser browser)
    {
        var tid = new byte[12];
        random.NextBytes(tid);
        var buffer = new byte[600];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, tid);
        writer.AddUsername(Encoding.UTF8.GetBytes(browser.Answer.IceUfrag + ":" + browser.OfferUfrag));
        for (int i = random.Next(0, 4); i > 0; i--)
        {
            var value = new byte[random.Next(0, 40)];
            random.NextBytes(value);
            writer.AddAttribute((ushort)random.Next(0, 65536), value);
        }

        if (random.Next(4) == 0)
        {
            writer.AddIceControlled((ulong)random.NextInt64());
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(browser.Answer.IcePwd));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>Random RTCP compound plaintext: valid-looking headers (RR, SR, SDES, BYE excluded mostly, RTPFB, PSFB) with random bodies.</summary>
    private static byte[] RandomRtcpPlaintext(Random random)
    {
        var packets = new List<byte[]>();
        for (int p = random.Next(1, 4); p > 0; p--)
        {
            byte[] body = new byte[4 * random.Next(1, 12)];
            random.NextBytes(body);
            if (packets.Count == 0)
            {
                body[0] = body[1] = body[2] = 0;
                body[3] = 1; // SRTCP keys its state by the first packet's sender SSRC: keep the browser's one
            }

            byte type = (byte)(random.Next(20) == 0 ? 203 : random.Next(200, 207));
            byte count = (byte)random.Next(0, 32);
            byte[] packet = RtcpBytes.Packet(count, type, body);
            if (random.Next(8) == 0)
            {
                packet[2] = (byte)random.Next(256); // lying length
                packet[3] = (byte)random.Next(256);
            }

            packets.Add(packet);
        }

        return RtcpBytes.Concat([.. packets]);
    }
}
