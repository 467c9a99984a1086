using System.Runtime.CompilerServices;
using RtcGateway.WebRtc.Bwe;
using RtcGateway.WebRtc.Rtcp;

namespace RtcGateway.WebRtc.Tests.Rtcp;

/// <summary>Real transport-wide feedback from Chromium 156 (Fixtures/chromium156-twcc.txt): parsed and resolved end to end.</summary>
public class ChromiumTransportFeedbackTests
{
    internal static List<(long TimeMs, byte[] Datagram)> Load([CallerFilePath] string callerPath = "") =>
        File.ReadAllLines(Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", "chromium156-twcc.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' '))
            .Select(parts => (long.Parse(parts[0]), Convert.FromHexString(parts[1])))
            .ToList();

    [Fact]
    public void FirstPacket_HandDecoded()
    {
        // AF CD 0005 | 00000001 | 6B377B46 | 61DA 0001 | 00FAFD 00 | 2001 (run: 1 × small) | 1E (30 ticks) | 01 (padding count)
        byte[] datagram = Load()[0].Datagram;
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketKind.TransportWideFeedback, packet.Kind);
        RtcpTransportFeedback feedback = packet.AsTransportFeedback();
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(0x6B377B46u, feedback.MediaSsrc);
        Assert.Equal(0x61DA, feedback.BaseSequenceNumber);
        Assert.Equal(1, feedback.PacketStatusCount);
        Assert.Equal(0x00FAFD, feedback.ReferenceTime);
        Assert.Equal(0, feedback.FeedbackPacketCount);
        RtcpTransportFeedbackEnumerator e = feedback.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(new RtcpTransportFeedbackStatus(0x61DA, RtcpPacketStatusSymbol.ReceivedSmallDelta, 30, (0xFAFDL * 64_000) + 7_500), e.Current);
        Assert.False(e.MoveNext());
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }

    [Fact]
    public void AllPackets_Parse_Contiguous_AndResolveInTheHistory()
    {
        List<(long TimeMs, byte[] Datagram)> capture = Load();
        Assert.True(capture.Count > 150);
        var history = new SendSideHistory();
        int? nextBase = null;
        int? nextCount = null;
        int reported = 0;
        long lastArrival = long.MinValue;
        long firstArrival = 0;
        foreach ((long timeMs, byte[] datagram) in capture)
        {
            var reader = new RtcpCompoundReader(datagram);
            Assert.True(reader.TryReadNext(out RtcpPacket packet));
            Assert.Equal(RtcpPacketKind.TransportWideFeedback, packet.Kind);
            RtcpTransportFeedback feedback = packet.AsTransportFeedback();
            if (nextBase is int expected)
            {
                // Chromium reports contiguous ranges and counts its feedback packets.
                Assert.Equal((ushort)expected, feedback.BaseSequenceNumber);
                Assert.Equal((byte)nextCount!, feedback.FeedbackPacketCount);
            }
            else
            {
                // Pretend the gateway sent everything the capture reports: 1,000 bytes each, 1 ms apart.
                for (int i = 0; i < 5000; i++)
                {
                    history.OnPacketSent((ushort)(feedback.BaseSequenceNumber + i), 1000, i * 1000L);
                }
            }

            nextBase = feedback.BaseSequenceNumber + feedback.PacketStatusCount;
            nextCount = feedback.FeedbackPacketCount + 1;
            Assert.True(history.TryOnTransportFeedback(feedback, timeMs * 1000, out TransportPacketsFeedback? result));
            Assert.Equal(feedback.PacketStatusCount, result.Packets.Count);
            foreach (PacketResult r in result.Packets)
            {
                Assert.True(r.Received); // loopback: nothing lost
                Assert.True(r.ArrivalTimeUs >= lastArrival);
                if (lastArrival == long.MinValue)
                {
                    firstArrival = r.ArrivalTimeUs;
                }

                lastArrival = r.ArrivalTimeUs;
            }

            reported += feedback.PacketStatusCount;
            Assert.False(reader.TryReadNext(out _));
            Assert.Equal(RtcpReadError.None, reader.Error);
        }

        Assert.Equal(reported, history.PacketsSent - (history.BytesInFlight / 1000));
        Assert.Equal(0, history.PacketsDuplicate + history.PacketsUnknown + history.FeedbacksIgnored);

        // The receiver's arrival clock spans about as long as the capture (feedback trails arrivals by < 100 ms).
        long captureSpanUs = (capture[^1].TimeMs - capture[0].TimeMs) * 1000;
        Assert.InRange(lastArrival - firstArrival, captureSpanUs - 150_000, captureSpanUs + 150_000);
    }
}
