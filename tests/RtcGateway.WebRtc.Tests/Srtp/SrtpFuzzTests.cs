using RtcGateway.WebRtc.Srtp;
using static RtcGateway.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcGateway.WebRtc.Tests.Srtp;

/// <summary>
/// Random and mutated packets through the unprotect paths: never an exception, and no packet that differs
/// from a genuinely protected one ever authenticates.
/// </summary>
public class SrtpFuzzTests
{
    private const int Iterations = 6000; // × 4 inputs per iteration ≈ 24,000 packets per profile

    public static TheoryData<SrtpProtectionProfile> AllProfiles => new(Profiles);

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void RandomAndMutatedPackets_NeverThrow_AndNeverAuthenticate(SrtpProtectionProfile profile)
    {
        var random = new Random(20240611 + (int)profile);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            int cases = 0, forgedAccepted = 0, genuineRejected = 0;
            byte[] scratch = new byte[2100];
            for (int i = 0; i < Iterations; i++)
            {
                ushort seq = (ushort)i;
                byte[] srtp = ProtectRtp(sender, BuildRtp(seq, (uint)random.Next(0, 3), random.Next(0, 300), random.Next(0, 3), random.Next(0, 3)));
                byte[] srtcp = ProtectRtcp(sender, RtcpReceiverReport((uint)random.Next(0, 3), (uint)i));

                // 1. Mutated SRTP: flip bytes, sometimes truncate or extend.
                int length = Mutate(random, srtp, scratch);
                bool same = IsSame(srtp, scratch, length); // unprotect decrypts in place, so compare first
                cases++;
                if (receiver.TryUnprotectRtp(scratch, length, out int rtpLength) && !same)
                {
                    forgedAccepted++;
                }

                Assert.InRange(rtpLength, 0, length);

                // 2. Mutated SRTCP.
                length = Mutate(random, srtcp, scratch);
                same = IsSame(srtcp, scratch, length);
                cases++;
                if (receiver.TryUnprotectRtcp(scratch, length, out int rtcpLength) && !same)
                {
                    forgedAccepted++;
                }

                Assert.InRange(rtcpLength, 0, length);

                // 3. Pure random bytes with a plausible first byte half of the time, through both paths.
                length = random.Next(0, 200);
                random.NextBytes(scratch.AsSpan(0, length));
                if (length > 0 && random.Next(2) == 0)
                {
                    scratch[0] = (byte)(0x80 | (scratch[0] & 0x3F));
                }

                cases += 2;
                forgedAccepted += receiver.TryUnprotectRtp(scratch, length, out _) ? 1 : 0;
                forgedAccepted += receiver.TryUnprotectRtcp(scratch, length, out _) ? 1 : 0;

                // 4. The genuine packets still pass after all that noise (state was not corrupted).
                srtp.CopyTo(scratch, 0);
                genuineRejected += receiver.TryUnprotectRtp(scratch, srtp.Length, out _, out SrtpError rtpError) || rtpError == SrtpError.ReplayedPacket ? 0 : 1;
                srtcp.CopyTo(scratch, 0);
                genuineRejected += receiver.TryUnprotectRtcp(scratch, srtcp.Length, out _, out SrtpError rtcpError) || rtcpError == SrtpError.ReplayedPacket ? 0 : 1;
            }

            Assert.True(cases >= 20_000, $"only {cases} cases");
            Assert.Equal(0, forgedAccepted);
            Assert.Equal(0, genuineRejected);
        }
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void EveryLengthAndHeaderShape_NeverThrows(SrtpProtectionProfile profile)
    {
        (SrtpContext _, SrtpContext receiver) = Pair(profile);
        using (receiver)
        {
            int cases = 0;
            byte[] buffer = new byte[128];
            for (int first = 0; first < 256; first++)
            {
                for (int length = 0; length <= 64; length++)
                {
                    Array.Fill(buffer, (byte)0xFF);
                    buffer[0] = (byte)first; // every V/P/X/CC combination; extension length 0xFFFF words
                    Assert.False(receiver.TryUnprotectRtp(buffer, length, out _));
                    Assert.False(receiver.TryUnprotectRtcp(buffer, length, out _));
                    cases += 2;
                }
            }

            Assert.False(receiver.TryUnprotectRtp(buffer, buffer.Length + 1, out _, out SrtpError error));
            Assert.Equal(SrtpError.TooShort, error);
            Assert.False(receiver.TryUnprotectRtp(buffer, -1, out _, out error));
            Assert.Equal(SrtpError.TooShort, error);
            Assert.Equal(256 * 65 * 2, cases);
        }
    }

    private static int Mutate(Random random, byte[] source, byte[] target)
    {
        source.CopyTo(target, 0);
        int length = source.Length;
        switch (random.Next(4))
        {
            case 0:
                length = random.Next(0, source.Length); // truncate
                break;
            case 1:
                length = Math.Min(target.Length, source.Length + random.Next(1, 20)); // trailing garbage
                random.NextBytes(target.AsSpan(source.Length, length - source.Length));
                break;
        }

        int flips = random.Next(0, 4);
        for (int f = 0; f < flips && length > 0; f++)
        {
            target[random.Next(length)] ^= (byte)random.Next(1, 256);
        }

        return length;
    }

    private static bool IsSame(byte[] original, byte[] candidate, int length) =>
        length == original.Length && candidate.AsSpan(0, length).SequenceEqual(original);
}
