using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RtcGateway.WebRtc.Srtp;
using static RtcGateway.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcGateway.WebRtc.Tests.Srtp;

/// <summary>
/// Interop with libsrtp through GStreamer's srtpenc/srtpdec (gst-plugins-bad): libsrtp protects and we
/// unprotect, and the other way round, for RTP across a sequence-number wrap and for RTCP. Needs
/// <c>gst-launch-1.0</c> with the srtp plugin on PATH.
/// </summary>
public class SrtpGStreamerInteropTests
{
    private const uint Ssrc = 0x11223344;
    private const int PacketCount = 120;
    private const ushort FirstSeq = 65480; // crosses 65535 → 0 (ROC 0 → 1)
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PacketTimeout = TimeSpan.FromSeconds(3);

    public static TheoryData<SrtpProtectionProfile> AllProfiles => new(Profiles);

    private static (string Cipher, string Auth) GstNames(SrtpProtectionProfile profile) =>
        profile == SrtpProtectionProfile.AeadAes128Gcm ? ("aes-128-gcm", "null") : ("aes-128-icm", "hmac-sha1-80");

    private static byte[] PlainRtp(int i)
    {
        ushort seq = (ushort)(FirstSeq + i);
        return BuildRtp(seq, Ssrc, payloadLength: (i * 37) % 1201, csrcCount: i % 5 == 0 ? 2 : 0, extensionWords: i % 3 == 0 ? 1 : 0);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void LibsrtpProtects_WeUnprotect(SrtpProtectionProfile profile)
    {
        (byte[] key, byte[] salt) = MasterKey(profile, seed: 77);
        (string cipher, string auth) = GstNames(profile);
        using Socket rtpOut = Bound(), rtcpOut = Bound();
        int rtpIn = GstLaunchProcess.FreeUdpPort(), rtcpIn = GstLaunchProcess.FreeUdpPort();
        using var gst = new GstLaunchProcess(
        [
            "srtpenc", "name=enc", $"key={Convert.ToHexString(key)}{Convert.ToHexString(salt)}",
            $"rtp-cipher={cipher}", $"rtp-auth={auth}", $"rtcp-cipher={cipher}", $"rtcp-auth={auth}",
            "udpsrc", "address=127.0.0.1", $"port={rtpIn}", "caps=application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96",
            "!", "enc.rtp_sink_0", "enc.rtp_src_0", "!", "udpsink", "host=127.0.0.1", $"port={Port(rtpOut)}", "sync=false", "async=false",
            "udpsrc", "address=127.0.0.1", $"port={rtcpIn}", "caps=application/x-rtcp",
            "!", "enc.rtcp_sink_0", "enc.rtcp_src_0", "!", "udpsink", "host=127.0.0.1", $"port={Port(rtcpOut)}", "sync=false", "async=false",
        ]);
        using var receiver = new SrtpContext(profile, key, salt);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var rtpTarget = new IPEndPoint(IPAddress.Loopback, rtpIn);
        byte[] datagram = new byte[2048];

        // Until the pipeline listens, packets are lost; each try uses a new sequence number (libsrtp refuses repeats).
        int i = 0, verified = 0;
        DateTime deadline = DateTime.UtcNow + StartupTimeout;
        rtpOut.ReceiveTimeout = 100;
        int received = 0;
        while (received == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "srtpenc pipeline never answered: " + gst.Diagnostics);
            sender.SendTo(PlainRtp(i++), rtpTarget);
            received = TryReceive(rtpOut, datagram);
        }

        rtpOut.ReceiveTimeout = (int)PacketTimeout.TotalMilliseconds;
        while (true)
        {
            Assert.True(receiver.TryUnprotectRtp(datagram, received, out int rtpLength, out SrtpError error), $"unprotect failed: {error}");
            int sentIndex = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)) - FirstSeq);
            Assert.Equal(PlainRtp(sentIndex), datagram[..rtpLength]);
            verified++;
            if (i == PacketCount)
            {
                break;
            }

            sender.SendTo(PlainRtp(i++), rtpTarget);
            received = TryReceive(rtpOut, datagram);
            Assert.True(received > 0, "no SRTP packet from srtpenc: " + gst.Diagnostics);
        }

        Assert.True(verified >= PacketCount / 2, $"only {verified} packets verified");
        Assert.True(receiver.TryGetRolloverCounter(Ssrc, out uint roc));
        Assert.Equal(1u, roc);

        // SRTCP: the RTCP branch shares the pipeline, so it is listening by now (retry a few times anyway).
        var rtcpTarget = new IPEndPoint(IPAddress.Loopback, rtcpIn);
        rtcpOut.ReceiveTimeout = 200;
        int rtcpVerified = 0;
        for (uint n = 0; n < 40 && rtcpVerified < 5; n++)
        {
            byte[] plain = RtcpReceiverReport(Ssrc, n);
            sender.SendTo(plain, rtcpTarget);
            received = TryReceive(rtcpOut, datagram);
            if (received == 0)
            {
                continue;
            }

            Assert.True(receiver.TryUnprotectRtcp(datagram, received, out int rtcpLength, out SrtpError error), $"SRTCP unprotect failed: {error}");
            Assert.Equal(plain, datagram[..rtcpLength]);
            rtcpVerified++;
        }

        Assert.True(rtcpVerified == 5, "SRTCP from srtpenc: " + gst.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void WeProtect_LibsrtpUnprotects(SrtpProtectionProfile profile)
    {
        (byte[] key, byte[] salt) = MasterKey(profile, seed: 78);
        (string cipher, string auth) = GstNames(profile);
        string caps = $"ssrc=(uint){Ssrc},srtp-key=(buffer){Convert.ToHexString(key)}{Convert.ToHexString(salt)}," +
                      $"srtp-cipher=(string){cipher},srtp-auth=(string){auth},srtcp-cipher=(string){cipher},srtcp-auth=(string){auth},roc=(uint)0";
        using Socket rtpOut = Bound(), rtcpOut = Bound();
        int rtpIn = GstLaunchProcess.FreeUdpPort(), rtcpIn = GstLaunchProcess.FreeUdpPort();
        using var gst = new GstLaunchProcess(
        [
            "srtpdec", "name=dec",
            "udpsrc", "address=127.0.0.1", $"port={rtpIn}", $"caps=application/x-srtp,{caps}",
            "!", "dec.rtp_sink", "dec.rtp_src", "!", "udpsink", "host=127.0.0.1", $"port={Port(rtpOut)}", "sync=false", "async=false",
            "udpsrc", "address=127.0.0.1", $"port={rtcpIn}", $"caps=application/x-srtcp,{caps}",
            "!", "dec.rtcp_sink", "dec.rtcp_src", "!", "udpsink", "host=127.0.0.1", $"port={Port(rtcpOut)}", "sync=false", "async=false",
        ]);
        using var protector = new SrtpContext(profile, key, salt);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var rtpTarget = new IPEndPoint(IPAddress.Loopback, rtpIn);
        byte[] datagram = new byte[2048];

        int i = 0, verified = 0, received = 0;
        DateTime deadline = DateTime.UtcNow + StartupTimeout;
        rtpOut.ReceiveTimeout = 100;
        while (received == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "srtpdec pipeline never answered: " + gst.Diagnostics);
            sender.SendTo(ProtectRtp(protector, PlainRtp(i++)), rtpTarget);
            received = TryReceive(rtpOut, datagram);
        }

        rtpOut.ReceiveTimeout = (int)PacketTimeout.TotalMilliseconds;
        while (true)
        {
            int sentIndex = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2)) - FirstSeq);
            Assert.Equal(PlainRtp(sentIndex), datagram[..received]);
            verified++;
            if (i == PacketCount)
            {
                break;
            }

            sender.SendTo(ProtectRtp(protector, PlainRtp(i++)), rtpTarget);
            received = TryReceive(rtpOut, datagram);
            Assert.True(received > 0, $"srtpdec dropped packet {i - 1}: " + gst.Diagnostics);
        }

        Assert.True(verified >= PacketCount / 2, $"only {verified} packets verified");

        var rtcpTarget = new IPEndPoint(IPAddress.Loopback, rtcpIn);
        rtcpOut.ReceiveTimeout = 200;
        int rtcpVerified = 0;
        for (uint n = 0; n < 40 && rtcpVerified < 5; n++)
        {
            byte[] plain = RtcpReceiverReport(Ssrc, n);
            sender.SendTo(ProtectRtcp(protector, plain), rtcpTarget);
            received = TryReceive(rtcpOut, datagram);
            if (received > 0)
            {
                Assert.Equal(plain, datagram[..received]);
                rtcpVerified++;
            }
        }

        Assert.True(rtcpVerified == 5, "SRTCP through srtpdec: " + gst.Diagnostics);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static int TryReceive(Socket socket, byte[] buffer)
    {
        try
        {
            return socket.Receive(buffer);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return 0;
        }
    }
}
