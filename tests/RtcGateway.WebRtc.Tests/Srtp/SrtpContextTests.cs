using System.Buffers.Binary;
using RtcGateway.WebRtc.Srtp;
using static RtcGateway.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcGateway.WebRtc.Tests.Srtp;

public class SrtpContextTests
{
    public static TheoryData<SrtpProtectionProfile> AllProfiles => new(Profiles);

    private static void AssertUnprotects(SrtpContext receiver, byte[] srtp, byte[] expectedRtp)
    {
        byte[] buffer = (byte[])srtp.Clone();
        Assert.True(receiver.TryUnprotectRtp(buffer, buffer.Length, out int length, out SrtpError error), error.ToString());
        Assert.Equal(expectedRtp, buffer[..length]);
    }

    private static SrtpError Unprotect(SrtpContext receiver, byte[] srtp)
    {
        byte[] buffer = (byte[])srtp.Clone();
        receiver.TryUnprotectRtp(buffer, buffer.Length, out _, out SrtpError error);
        return error;
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void RoundTrip_VariousHeaders_RestoresPacket(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            int cases = 0;
            foreach (int csrcs in new[] { 0, 1, 15 })
            foreach (int extension in new[] { 0, 1, 5 })
            foreach (int payload in new[] { 0, 1, 15, 16, 17, 1200, 2000 })
            {
                ushort seq = (ushort)(100 + cases++);
                byte[] plain = BuildRtp(seq, 0xCAFEBABE, payload, csrcs, extension);
                byte[] srtp = ProtectRtp(sender, plain);
                Assert.Equal(plain.Length + profile.GetRtpAuthTagLength(), srtp.Length);
                Assert.Equal(plain.AsSpan(0, plain.Length - payload).ToArray(), srtp[..(plain.Length - payload)]); // header in clear
                if (payload >= 16)
                {
                    Assert.NotEqual(plain[^payload..], srtp[(plain.Length - payload)..plain.Length]); // payload encrypted
                }

                AssertUnprotects(receiver, srtp, plain);
            }

            Assert.Equal(63, cases);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void RolloverCounter_IncrementsOnSequenceWrap(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            const uint ssrc = 0x1234;
            for (int i = 0; i < 20; i++)
            {
                ushort seq = (ushort)(65530 + i); // 65530..65535, 0..13
                byte[] plain = BuildRtp(seq, ssrc, 100);
                AssertUnprotects(receiver, ProtectRtp(sender, plain), plain);
            }

            Assert.True(sender.TryGetRolloverCounter(ssrc, out uint senderRoc));
            Assert.True(receiver.TryGetRolloverCounter(ssrc, out uint receiverRoc));
            Assert.Equal(1u, senderRoc);
            Assert.Equal(1u, receiverRoc);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void RolloverCounter_IsPartOfTheIndex_NotJustTheSequenceNumber(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext _) = Pair(profile);
        using (sender)
        {
            byte[] plain = BuildRtp(7, 0x99, 64);
            byte[] withRoc0 = ProtectRtp(sender, plain);
            byte[] buffer = WithRoom(plain);
            int length = sender.ProtectRtp(buffer, plain.Length, rolloverCounter: 1);
            Assert.NotEqual(withRoc0, buffer[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Retransmission_OfOlderSequenceAfterWrap_ReusesItsOriginalRoc(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            const uint ssrc = 0xABCDEF01;
            var firstTransmission = new Dictionary<ushort, byte[]>();
            for (int i = 0; i < 16; i++)
            {
                ushort seq = (ushort)(65528 + i); // 65528..65535 (ROC 0), 0..7 (ROC 1)
                byte[] srtp = ProtectRtp(sender, BuildRtp(seq, ssrc, 300));
                firstTransmission[seq] = srtp;
                if (seq != 65533)
                {
                    AssertUnprotects(receiver, srtp, BuildRtp(seq, ssrc, 300)); // 65533 is "lost"
                }
            }

            // NACK for 65533 arrives after the wrap: the sender re-protects it with ROC 0, byte-identical.
            byte[] retransmitted = ProtectRtp(sender, BuildRtp(65533, ssrc, 300));
            Assert.Equal(firstTransmission[65533], retransmitted);
            AssertUnprotects(receiver, retransmitted, BuildRtp(65533, ssrc, 300));

            // The explicit-ROC overload gives the same bytes.
            byte[] buffer = WithRoom(BuildRtp(65533, ssrc, 300));
            int length = sender.ProtectRtp(buffer, BuildRtp(65533, ssrc, 300).Length, rolloverCounter: 0);
            Assert.Equal(retransmitted, buffer[..length]);

            // Retransmitting did not move the sender backwards: the next new packet is still ROC 1.
            byte[] next = BuildRtp(8, ssrc, 300);
            AssertUnprotects(receiver, ProtectRtp(sender, next), next);
            Assert.True(sender.TryGetRolloverCounter(ssrc, out uint roc));
            Assert.Equal(1u, roc);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Replay_IsRejected_AndOldPacketsOutsideWindowAreTooOld(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packets = new List<byte[]>();
            for (ushort seq = 1000; seq < 1100; seq++)
            {
                packets.Add(ProtectRtp(sender, BuildRtp(seq, 5, 50)));
            }

            Assert.Equal(SrtpError.None, Unprotect(receiver, packets[0]));
            Assert.Equal(SrtpError.ReplayedPacket, Unprotect(receiver, packets[0]));

            // Out of order inside the window is accepted once.
            Assert.Equal(SrtpError.None, Unprotect(receiver, packets[50]));
            Assert.Equal(SrtpError.None, Unprotect(receiver, packets[10]));
            Assert.Equal(SrtpError.ReplayedPacket, Unprotect(receiver, packets[10]));
            Assert.Equal(SrtpError.None, Unprotect(receiver, packets[99]));

            // 99 - 30 = 69 ≥ 64: outside the window.
            Assert.Equal(SrtpError.TooOld, Unprotect(receiver, packets[30]));
            // 99 - 36 = 63: the oldest index still inside.
            Assert.Equal(SrtpError.None, Unprotect(receiver, packets[36]));
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void TamperedPacket_FailsAuthentication_AndDoesNotAdvanceState(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = BuildRtp(42, 7, 200);
            byte[] srtp = ProtectRtp(sender, plain);
            foreach (int position in new[] { 1, 3, 11, 12, 100, srtp.Length - 1 })
            {
                byte[] tampered = (byte[])srtp.Clone();
                tampered[position] ^= 0x04;
                Assert.Equal(SrtpError.AuthenticationFailed, Unprotect(receiver, tampered));
            }

            Assert.Equal(0, receiver.SsrcCount); // forged packets never create SSRC state
            AssertUnprotects(receiver, srtp, plain);

            // A packet from a context with another key fails too.
            (SrtpContext other, SrtpContext _) = Pair(profile, seed: 2);
            using (other)
            {
                Assert.Equal(SrtpError.AuthenticationFailed, Unprotect(receiver, ProtectRtp(other, BuildRtp(43, 7, 200))));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Srtcp_SetsEFlagAndIncrementsIndex_AndRoundTrips(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            int wordFromEnd = profile == SrtpProtectionProfile.AeadAes128Gcm ? 4 : 14;
            var sent = new List<byte[]>();
            for (uint i = 0; i < 5; i++)
            {
                byte[] plain = RtcpReceiverReport(0xFEED, i);
                byte[] srtcp = ProtectRtcp(sender, plain);
                sent.Add(srtcp);
                Assert.Equal(plain.Length + profile.GetSrtcpTrailerLength(), srtcp.Length);
                Assert.Equal(0x8000_0000u | i, BinaryPrimitives.ReadUInt32BigEndian(srtcp.AsSpan(srtcp.Length - wordFromEnd)));
                Assert.Equal(plain[..8], srtcp[..8]);
                Assert.NotEqual(plain[8..], srtcp[8..plain.Length]);

                byte[] buffer = (byte[])srtcp.Clone();
                Assert.True(receiver.TryUnprotectRtcp(buffer, buffer.Length, out int length, out SrtpError error), error.ToString());
                Assert.Equal(plain, buffer[..length]);
            }

            byte[] replay = (byte[])sent[2].Clone();
            Assert.False(receiver.TryUnprotectRtcp(replay, replay.Length, out _, out SrtpError replayError));
            Assert.Equal(SrtpError.ReplayedPacket, replayError);

            // Flipping the E bit (index word) breaks authentication.
            byte[] flipped = (byte[])sent[4].Clone();
            flipped[^wordFromEnd] ^= 0x80;
            using var fresh = new SrtpContext(profile, MasterKey(profile, 1).Key, MasterKey(profile, 1).Salt);
            Assert.False(fresh.TryUnprotectRtcp(flipped, flipped.Length, out _, out SrtpError flippedError));
            Assert.Equal(SrtpError.AuthenticationFailed, flippedError);
        }
    }

    [Fact]
    public void AesCmSrtcp_WithEFlagClear_IsAuthenticatedButNotDecrypted()
    {
        // RFC 3711 §3.4: E = 0 means the payload is sent in the clear; build one by hand with the SRTCP auth key.
        SrtpProtectionProfile profile = SrtpProtectionProfile.Aes128CmHmacSha1_80;
        (byte[] key, byte[] salt) = MasterKey(profile, 1);
        using var master = new AesCounterMode(key);
        byte[] authKey = new byte[20];
        SrtpKeyDerivation.Derive(master, salt, SrtpKeyDerivation.SrtcpAuthentication, authKey);

        byte[] plain = RtcpReceiverReport(0x77, 1);
        byte[] packet = new byte[plain.Length + 14];
        plain.CopyTo(packet, 0);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(plain.Length), 9); // E = 0, index 9
        byte[] mac = System.Security.Cryptography.HMACSHA1.HashData(authKey, packet.AsSpan(0, plain.Length + 4));
        mac.AsSpan(0, 10).CopyTo(packet.AsSpan(plain.Length + 4));

        using var receiver = new SrtpContext(profile, key, salt);
        Assert.True(receiver.TryUnprotectRtcp(packet, packet.Length, out int length, out SrtpError error), error.ToString());
        Assert.Equal(plain, packet[..length]);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void SsrcLimit_RejectsFurtherSsrcs(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile, maxSsrcs: 2);
        using (sender)
        using (receiver)
        {
            AssertUnprotects(receiver, ProtectRtp(sender, BuildRtp(1, 100, 10)), BuildRtp(1, 100, 10));
            AssertUnprotects(receiver, ProtectRtp(sender, BuildRtp(1, 200, 10)), BuildRtp(1, 200, 10));
            byte[] third = WithRoom(BuildRtp(1, 300, 10));
            Assert.False(sender.TryProtectRtp(third, 22, out _, out SrtpError protectError));
            Assert.Equal(SrtpError.SsrcLimitReached, protectError);
            Assert.Throws<ArgumentException>(() => sender.ProtectRtp(third, 22));

            using var bigSender = new SrtpContext(profile, MasterKey(profile, 1).Key, MasterKey(profile, 1).Salt);
            Assert.Equal(SrtpError.SsrcLimitReached, Unprotect(receiver, ProtectRtp(bigSender, BuildRtp(1, 300, 10))));
            Assert.Equal(2, receiver.SsrcCount);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Protect_ReportsMalformedAndShortBuffers(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext _) = Pair(profile);
        using (sender)
        {
            byte[] plain = BuildRtp(1, 1, 10);
            byte[] exact = (byte[])plain.Clone();
            Assert.False(sender.TryProtectRtp(exact, exact.Length, out _, out SrtpError error));
            Assert.Equal(SrtpError.BufferTooSmall, error);
            Assert.Equal(plain, exact); // unchanged

            byte[] badVersion = WithRoom(plain);
            badVersion[0] = 0x40;
            Assert.False(sender.TryProtectRtp(badVersion, plain.Length, out _, out error));
            Assert.Equal(SrtpError.MalformedHeader, error);

            byte[] csrcOverrun = WithRoom(plain);
            csrcOverrun[0] = 0x8F; // 15 CSRCs in a 22-byte packet
            Assert.False(sender.TryProtectRtp(csrcOverrun, plain.Length, out _, out error));
            Assert.Equal(SrtpError.MalformedHeader, error);

            Assert.False(sender.TryProtectRtp(new byte[40], 11, out _, out error));
            Assert.Equal(SrtpError.TooShort, error);
            Assert.False(sender.TryProtectRtcp(new byte[40], 7, out _, out error));
            Assert.Equal(SrtpError.TooShort, error);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void ProtectAndUnprotect_DoNotAllocate(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] rtp = WithRoom(BuildRtp(0, 0x42, 1200, extensionWords: 2));
            int rtpLength = rtp.Length - SrtpContext.MaxRtcpOverhead;
            byte[] rtcp = WithRoom(RtcpReceiverReport(0x42, 0));
            void Round(ushort seq)
            {
                BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), seq);
                int protectedLength = sender.ProtectRtp(rtp, rtpLength);
                Assert.True(receiver.TryUnprotectRtp(rtp, protectedLength, out _));
                int protectedRtcp = sender.ProtectRtcp(rtcp, 32);
                Assert.True(receiver.TryUnprotectRtcp(rtcp, protectedRtcp, out _));
            }

            for (ushort seq = 0; seq < 50; seq++)
            {
                Round(seq); // warm-up (JIT, crypto provider state)
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (ushort seq = 50; seq < 1050; seq++)
            {
                Round(seq);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Constructor_RejectsWrongKeyLengths()
    {
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProtectionProfile.Aes128CmHmacSha1_80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[15], new byte[12]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext((SrtpProtectionProfile)2, new byte[16], new byte[14]));
    }
}
