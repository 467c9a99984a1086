using RtcGateway.WebRtc.Bwe;
using RtcGateway.WebRtc.Rtcp;
using RtcGateway.WebRtc.Tests.Rtcp;

namespace RtcGateway.WebRtc.Tests.Bwe;

/// <summary>
/// Random, mutated, duplicated, reordered and absurd transport-wide feedback into a history that keeps sending across
/// many sequence-number wraps: zero exceptions, bytes in flight never negative, every packet acknowledged as received
/// at most once and resolved with the send time and size it was sent with.
/// </summary>
public class SendSideHistoryFuzzTests
{
    private const int Cases = 150_000;

    [Fact]
    public void RandomFeedback_NeverThrows_AndKeepsInvariants()
    {
        var random = new Random(8888);
        var history = new SendSideHistory(new SendSideHistoryOptions { Capacity = 1024, MaxAgeUs = 2_000_000 });
        var sends = new Dictionary<long, (long SendTimeUs, int Size)>();
        var received = new HashSet<long>();
        var recent = new List<byte[]>();
        var buffer = new byte[16_384];
        long now = 0;
        ushort sequence = 60_000;
        int exceptions = 0, resolved = 0, receivedResults = 0, lostResults = 0;
        for (int i = 0; i < Cases; i++)
        {
            try
            {
                for (int s = random.Next(0, 4); s > 0; s--)
                {
                    now += random.Next(0, 3000);
                    int size = random.Next(50, 1300);
                    Assert.True(history.OnPacketSent(sequence, size, now, random.Next(10) == 0 ? random.Next(5) : -1));
                    sends[history.LastSentSequenceNumber] = (now, size);
                    sequence++;
                }

                byte[] packet = NextFeedback(random, sequence, recent);
                int length = packet.Length;
                ReadOnlySpan<byte> body;
                if (random.Next(4) == 0)
                {
                    length = RtcpFeedbackFuzzTests.Mutate(random, packet, buffer);
                    body = buffer.AsSpan(4, Math.Max(0, length - 4));
                }
                else
                {
                    body = packet.AsSpan(4);
                }

                if (history.TryOnTransportFeedback(body, now, out TransportPacketsFeedback? result))
                {
                    resolved++;
                    long previous = long.MinValue;
                    foreach (PacketResult r in result.Packets)
                    {
                        Assert.True(r.TransportSequenceNumber > previous);
                        previous = r.TransportSequenceNumber;
                        Assert.True(r.TransportSequenceNumber <= history.LastSentSequenceNumber);
                        Assert.Equal(sends[r.TransportSequenceNumber], (r.SendTimeUs, r.SizeBytes));
                        if (r.Received)
                        {
                            Assert.True(received.Add(r.TransportSequenceNumber), $"{r.TransportSequenceNumber} acknowledged twice");
                            receivedResults++;
                        }
                        else
                        {
                            Assert.False(received.Contains(r.TransportSequenceNumber), $"{r.TransportSequenceNumber} reported lost after it was acknowledged");
                            lostResults++;
                        }
                    }
                }

                Assert.InRange(history.BytesInFlight, 0, 1024L * 1300);
            }
            catch (Exception) when (exceptions++ < 0)
            {
            }
        }

        Assert.Equal(0, exceptions);
        Assert.True(resolved > Cases / 6, $"resolved {resolved}"); // most feedback repeats packets already resolved
        Assert.True(receivedResults > Cases / 3 && lostResults > Cases / 20, $"received {receivedResults}, lost {lostResults}");
        Assert.True(history.FeedbacksIgnored > 0 && history.FeedbacksInvalid > 0 && history.PacketsUnknown > 0 && history.PacketsDuplicate > 0);

        // One feedback that reports the whole ring as received empties the flight.
        ushort first = unchecked((ushort)(sequence - 1024));
        long?[] all = Enumerable.Range(0, 1024).Select(i => (long?)(64_000 + (i * 100))).ToArray();
        history.TryOnTransportFeedback(TransportFeedbackBuilder.Body(TransportFeedbackBuilder.Build(first, all)), now, out _);
        Assert.Equal(0, history.BytesInFlight);
    }

    private static byte[] NextFeedback(Random random, ushort nextSequence, List<byte[]> recent)
    {
        int kind = random.Next(10);
        if (kind == 0 && recent.Count > 0)
        {
            // Duplicated or reordered: an earlier feedback again.
            return recent[random.Next(recent.Count)];
        }

        int count = kind == 1 && random.Next(8) == 0 ? random.Next(1, 3000) : random.Next(1, 60);
        ushort baseSequence = kind == 2
            ? (ushort)random.Next(65536) // anywhere, often unknown or in the future
            : unchecked((ushort)(nextSequence - random.Next(1, 200)));
        var arrivals = new long?[count];
        long arrival = random.Next(0, 1 << 30);
        for (int i = 0; i < count; i++)
        {
            arrival += kind == 3 ? random.Next(-8_000_000, 8_000_000) : random.Next(-2000, 20_000); // huge jumps in kind 3
            arrival = Math.Max(arrival, 0);
            arrivals[i] = random.Next(5) == 0 ? null : arrival;
        }

        byte[] packet = TransportFeedbackBuilder.Build(baseSequence, arrivals, (byte)random.Next(256));
        if (recent.Count < 64)
        {
            recent.Add(packet);
        }
        else
        {
            recent[random.Next(64)] = packet;
        }

        return packet;
    }
}
