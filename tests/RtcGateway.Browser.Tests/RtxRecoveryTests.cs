using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RtcGateway.Server.Sessions;
using RtcGateway.WebRtc.Peer;
using Xunit.Abstractions;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// RTX (RFC 4588) against real Chromium: a loopback relay between the gateway and the browser
/// (<c>Gateway:WebRtc:AdvertisedPort</c> = the relay) drops chosen media packets once, by their clear-text SRTP header
/// (SSRC and sequence number are not encrypted, RFC 3711 §3.1). Chromium must NACK them (RFC 4585 §6.2.1), the gateway
/// must answer on the RTX SSRC of the answer's FID group, and the video must go on without a keyframe request.
/// </summary>
public class RtxRecoveryTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Fps = 15;
    private const int Drops = 8;

    private const string InboundJs = """
        async () => {
          const pc = (window.__rtcgwPcs || []).find(p => p.connectionState === 'connected');
          if (!pc) return null;
          const report = await pc.getStats();
          for (const s of report.values()) {
            if (s.type === 'inbound-rtp' && s.kind === 'video') return JSON.stringify(s);
          }
          return null;
        }
        """;

    [Fact]
    public async Task Dropped_media_packets_are_nacked_by_chromium_and_recovered_through_rtx_without_a_keyframe_request()
    {
        using var forward = new UdpPortForward();
        await using GatewayInstance gw = await GatewayInstance.StartAsync(
            [.. GatewayInstance.Clip(0, "cam0", "car-detection.mp4", 640, 360, Fps), $"--Gateway:WebRtc:AdvertisedPort={forward.Port}"]);
        forward.Start(gw.UdpPort);
        await using IBrowserContext context = await fixture.Chromium.Browser.NewContextAsync();
        PageProbe whep = await PageProbe.OpenWhepAsync(context, gw, "cam0", "whep");
        await whep.WaitForFramesAsync(10, gw);

        // The answer to Chromium's own offer announces RTX: rtx/90000 with apt = the H.264 payload type, FID group.
        string answer = await whep.Page.EvaluateAsync<string>(
            "() => window.__rtcgwPcs.find(p => p.connectionState === 'connected').remoteDescription.sdp");
        Match fid = Regex.Match(answer, @"a=ssrc-group:FID (\d+) (\d+)");
        Match rtxMap = Regex.Match(answer, @"a=rtpmap:(\d+) rtx/90000");
        Match h264Map = Regex.Match(answer, @"a=rtpmap:(\d+) H264/90000");
        Assert.True(fid.Success && rtxMap.Success && h264Map.Success, "the answer has no RTX:\n" + answer);
        Assert.Contains($"a=fmtp:{rtxMap.Groups[1].Value} apt={h264Map.Groups[1].Value}", answer, StringComparison.Ordinal);
        var loss = new MediaPacketLoss(
            uint.Parse(fid.Groups[1].Value, CultureInfo.InvariantCulture), uint.Parse(fid.Groups[2].Value, CultureInfo.InvariantCulture),
            byte.Parse(rtxMap.Groups[1].Value, CultureInfo.InvariantCulture), dropEvery: 29, maxDrops: Drops);

        ViewerSession session = Assert.Single(gw.Sessions.Sessions);
        PeerStats statsBefore = session.Stats;
        JsonElement before = await InboundAsync(whep);
        forward.DropToBrowser = loss.ShouldDrop;
        var clock = Stopwatch.StartNew();
        while (loss.Dropped < Drops)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"only {loss.Dropped} packets dropped in 30 s\n{gw.Diagnostics()}");
            await Task.Delay(100);
        }

        // Recovery takes one loopback round trip; getStats refreshes about once a second.
        await Task.Delay(2500);
        forward.DropToBrowser = null;
        JsonElement after = await InboundAsync(whep);
        RateSample rate = await PageProbe.MeasureRatesAsync([whep], gw, "cam0", TimeSpan.FromSeconds(4));
        PeerStats stats = session.Stats;
        output.WriteLine($"dropped {loss.Dropped} media packets (seq {string.Join(", ", loss.DroppedSequenceNumbers)}); relay saw {loss.RtxSeen} RTX packets");
        output.WriteLine($"gateway: retransmissions {stats.Retransmissions - statsBefore.Retransmissions}, RTX {stats.RtxPacketsSent - statsBefore.RtxPacketsSent}, NACK misses {stats.NackMisses - statsBefore.NackMisses}, PLI {stats.PliReceived - statsBefore.PliReceived}");
        output.WriteLine("chromium inbound-rtp before: " + before);
        output.WriteLine("chromium inbound-rtp after:  " + after);
        output.WriteLine("after: " + rate);

        // Gateway side: every recovery went out as RTX, on the RTX SSRC with the rtx payload type.
        Assert.True(stats.RtxPacketsSent - statsBefore.RtxPacketsSent >= Drops,
            $"RTX packets sent {stats.RtxPacketsSent - statsBefore.RtxPacketsSent} < {Drops} drops\n{gw.Diagnostics()}");
        Assert.Equal(stats.Retransmissions - statsBefore.Retransmissions, stats.RtxPacketsSent - statsBefore.RtxPacketsSent);
        Assert.True(loss.RtxSeen >= Drops, $"the relay saw {loss.RtxSeen} RTX packets");
        Assert.Equal(0, loss.RtxWithWrongPayloadType);

        // Browser side: it asked (NACK), got the packets back as retransmissions, and needed no keyframe.
        Assert.True(Delta(before, after, "nackCount") >= 1, "Chromium sent no NACK");
        if (after.TryGetProperty("retransmittedPacketsReceived", out _))
        {
            Assert.True(Delta(before, after, "retransmittedPacketsReceived") >= Drops,
                $"Chromium counted {Delta(before, after, "retransmittedPacketsReceived")} retransmitted packets");
        }

        Assert.Equal(0, Delta(before, after, "pliCount"));
        Assert.Equal(0, Delta(before, after, "firCount"));
        Assert.Equal(0, stats.PliReceived - statsBefore.PliReceived);
        Assert.True(Delta(before, after, "framesDecoded") > 0);
        rate.AssertAllAtSourceRate(Fps, "after the losses");
        Assert.Empty(whep.Errors);
    }

    private static async Task<JsonElement> InboundAsync(PageProbe probe)
    {
        string? json = await probe.Page.EvaluateAsync<string?>(InboundJs);
        Assert.NotNull(json);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static long Delta(JsonElement before, JsonElement after, string name) =>
        (after.TryGetProperty(name, out JsonElement a) ? a.GetInt64() : 0) - (before.TryGetProperty(name, out JsonElement b) ? b.GetInt64() : 0);

    /// <summary>
    /// Drops every <c>dropEvery</c>-th SRTP packet of the media SSRC (each sequence number at most once) up to
    /// <c>maxDrops</c>, and counts the packets on the RTX SSRC. Runs on the relay's thread.
    /// </summary>
    private sealed class MediaPacketLoss(uint mediaSsrc, uint rtxSsrc, byte rtxPayloadType, int dropEvery, int maxDrops)
    {
        private readonly Lock _gate = new();
        private readonly List<ushort> _dropped = [];
        private long _mediaPackets;

        public int Dropped
        {
            get
            {
                lock (_gate)
                {
                    return _dropped.Count;
                }
            }
        }

        public ushort[] DroppedSequenceNumbers
        {
            get
            {
                lock (_gate)
                {
                    return [.. _dropped];
                }
            }
        }

        public int RtxSeen { get; private set; }

        public int RtxWithWrongPayloadType { get; private set; }

        public bool ShouldDrop(byte[] datagram, int length)
        {
            // RTP (RFC 3550 §5.1; RFC 7983: first byte 128–191), not RTCP (RFC 5761 §4: second byte 192–223).
            if (length < 12 || (datagram[0] & 0xC0) != 0x80 || datagram[1] is >= 192 and <= 223)
            {
                return false;
            }

            uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(8));
            lock (_gate)
            {
                if (ssrc == rtxSsrc)
                {
                    RtxSeen++;
                    if ((datagram[1] & 0x7F) != rtxPayloadType)
                    {
                        RtxWithWrongPayloadType++;
                    }

                    return false;
                }

                ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2));
                if (ssrc != mediaSsrc || ++_mediaPackets % dropEvery != 0 || _dropped.Count >= maxDrops || _dropped.Contains(sequenceNumber))
                {
                    return false;
                }

                _dropped.Add(sequenceNumber);
                return true;
            }
        }
    }
}
