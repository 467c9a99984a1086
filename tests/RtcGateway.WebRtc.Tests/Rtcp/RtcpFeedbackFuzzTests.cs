using System.Buffers.Binary;
using RtcGateway.WebRtc.Rtcp;
using S = RtcGateway.WebRtc.Rtcp.RtcpPacketStatusSymbol;

namespace RtcGateway.WebRtc.Tests.Rtcp;

/// <summary>Random and mutated transport-wide feedback and REMB bodies: zero exceptions, and every accepted packet is self-consistent.</summary>
public class RtcpFeedbackFuzzTests
{
    private const int Cases = 300_000;

    internal static byte[][] Seeds()
    {
        var random = new Random(205);
        var seeds = new List<byte[]>
        {
            RtcpBytes.TransportCc(1, 2),
            RtcpBytes.Remb(1, 2),
        };
        seeds.AddRange(ChromiumTransportFeedbackTests.Load().Where((_, i) => i % 20 == 0).Select(c => c.Datagram));
        for (int i = 0; i < 12; i++)
        {
            int count = random.Next(1, 120);
            var symbols = new S[count];
            var deltas = new List<int>();
            for (int j = 0; j < count; j++)
            {
                symbols[j] = i % 3 == 0 && j > 3 ? symbols[j - 1] : (S)random.Next(3);
                if (symbols[j] != S.NotReceived)
                {
                    deltas.Add(symbols[j] == S.ReceivedSmallDelta ? random.Next(256) : random.Next(short.MinValue, 0));
                }
            }

            seeds.Add(RtcpTransportFeedbackTests.Write((ushort)random.Next(65536), random.Next(1 << 24), symbols, deltas.ToArray(), (byte)i));
        }

        return [.. seeds];
    }

    [Fact]
    public void RandomAndMutatedFeedback_NeverThrows_AcceptedIsConsistent()
    {
        var random = new Random(20261205);
        byte[][] seeds = Seeds();
        var buffer = new byte[1024];
        int exceptions = 0, accepted = 0, rejected = 0, remb = 0;
        long packets = 0;
        var errors = new int[Enum.GetValues<RtcpTransportFeedbackError>().Length];
        for (int i = 0; i < Cases; i++)
        {
            int length = Mutate(random, seeds[random.Next(seeds.Length)], buffer);
            ReadOnlySpan<byte> body = buffer.AsSpan(4, Math.Max(0, length - 4));
            try
            {
                RtcpTransportFeedbackError error = RtcpTransportFeedback.TryRead(body, out RtcpTransportFeedback feedback);
                errors[(int)error]++;
                if (error == RtcpTransportFeedbackError.None)
                {
                    accepted++;
                    int index = 0, received = 0;
                    ushort expected = feedback.BaseSequenceNumber;
                    foreach (RtcpTransportFeedbackStatus status in feedback)
                    {
                        Assert.Equal(expected++, status.SequenceNumber);
                        received += status.Received ? 1 : 0;
                        index++;
                    }

                    Assert.Equal(feedback.PacketStatusCount, index);
                    Assert.Equal(feedback.ReceivedCount, received);
                    packets += index;
                }
                else
                {
                    rejected++;
                }

                if (RtcpRemb.TryRead(body, out RtcpRemb r) == RtcpRembError.None)
                {
                    remb++;
                    Assert.True(r.BitrateBps >= 0);
                    for (int s = 0; s < r.SsrcCount; s++)
                    {
                        _ = r.GetSsrc(s);
                    }
                }

                var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
                while (reader.TryReadNext(out RtcpPacket packet))
                {
                    if (packet.Kind == RtcpPacketKind.TransportWideFeedback)
                    {
                        foreach (RtcpTransportFeedbackStatus status in packet.AsTransportFeedback())
                        {
                            packets += status.ReceiveDeltaTicks & 1;
                        }
                    }
                    else if (packet.Kind == RtcpPacketKind.ReceiverEstimatedMaxBitrate)
                    {
                        packets += packet.AsRemb().BitrateBps & 1;
                    }
                }
            }
            catch (Exception)
            {
                exceptions++;
            }
        }

        Assert.Equal(0, exceptions);
        Assert.InRange(accepted, Cases / 20, Cases - 1);
        Assert.InRange(rejected, Cases / 20, Cases - 1);
        Assert.True(remb > 0);
        Assert.True(packets > Cases);
        Assert.All(errors.Skip(1), count => Assert.True(count > 0, string.Join(",", errors)));
    }

    /// <summary>Writes a mutated copy of <paramref name="seed"/> (or random bytes) to buffer; the RTCP header length is kept consistent half the time.</summary>
    internal static int Mutate(Random random, byte[] seed, byte[] buffer)
    {
        int length;
        switch (random.Next(7))
        {
            case 0:
                length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length >= 4)
                {
                    buffer[0] = (byte)(0x8F & (0x80 | buffer[0]));
                    buffer[1] = (byte)(random.Next(2) == 0 ? 205 : 206);
                }

                break;
            case 1:
                // Bit flips.
                length = seed.Length;
                seed.CopyTo(buffer, 0);
                for (int f = random.Next(1, 4); f > 0; f--)
                {
                    buffer[random.Next(4, length)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 2:
                // Truncation.
                length = random.Next(seed.Length + 1);
                seed.AsSpan(0, length).CopyTo(buffer);
                break;
            case 3:
                // Absurd or random packet status count.
                length = seed.Length;
                seed.CopyTo(buffer, 0);
                if (length >= 16)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(14), (ushort)(random.Next(3) == 0 ? 65535 : random.Next(0, 300)));
                }

                break;
            case 4:
                // Random chunk words / deltas after the fixed part.
                length = seed.Length;
                seed.CopyTo(buffer, 0);
                if (length > 20)
                {
                    for (int f = random.Next(1, 6); f > 0; f--)
                    {
                        buffer[random.Next(20, length)] = (byte)random.Next(256);
                    }
                }

                break;
            case 5:
                // Extend with random bytes.
                length = Math.Min(buffer.Length, seed.Length + (4 * random.Next(1, 100)));
                seed.CopyTo(buffer, 0);
                random.NextBytes(buffer.AsSpan(seed.Length, length - seed.Length));
                break;
            default:
                length = seed.Length;
                seed.CopyTo(buffer, 0);
                break;
        }

        if (length >= 4 && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)((length / 4) - 1));
        }

        return length;
    }
}
