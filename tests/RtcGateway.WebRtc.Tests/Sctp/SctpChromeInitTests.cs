using System.Buffers.Binary;
using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.Tests.Sctp;

/// <summary>
/// An INIT shaped like Chrome's dcSCTP sends (built from its parameter layout, not a wire capture): port 5000,
/// a_rwnd 5 MiB, 65535 streams, Forward-TSN-Supported, Supported Extensions (FORWARD-TSN, RE-CONFIG, I-DATA) and
/// Zero Checksum Acceptable (RFC 9653, type 0x8001), which we must skip.
/// </summary>
public class SctpChromeInitTests
{
    private const uint ChromeTag = 0x1234ABCD;
    private const uint ChromeTsn = 0x0BADF00D;

    private static byte[] ChromeInit()
    {
        byte[] p = new byte[12 + 4 + 16 + 4 + 8 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(p, 5000);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 5000);
        Span<byte> c = p.AsSpan(12);
        c[0] = SctpChunkType.Init;
        BinaryPrimitives.WriteUInt16BigEndian(c.Slice(2), (ushort)(p.Length - 12 - 1)); // supported-extensions padding excluded
        BinaryPrimitives.WriteUInt32BigEndian(c.Slice(4), ChromeTag);
        BinaryPrimitives.WriteUInt32BigEndian(c.Slice(8), 5 * 1024 * 1024);
        BinaryPrimitives.WriteUInt16BigEndian(c.Slice(12), 65535);
        BinaryPrimitives.WriteUInt16BigEndian(c.Slice(14), 65535);
        BinaryPrimitives.WriteUInt32BigEndian(c.Slice(16), ChromeTsn);
        Span<byte> prm = c.Slice(20);
        BinaryPrimitives.WriteUInt16BigEndian(prm, 0xC000);
        BinaryPrimitives.WriteUInt16BigEndian(prm.Slice(2), 4);
        prm = prm.Slice(4);
        BinaryPrimitives.WriteUInt16BigEndian(prm, 0x8001);
        BinaryPrimitives.WriteUInt16BigEndian(prm.Slice(2), 8);
        BinaryPrimitives.WriteUInt32BigEndian(prm.Slice(4), 1);
        prm = prm.Slice(8);
        BinaryPrimitives.WriteUInt16BigEndian(prm, 0x8008);
        BinaryPrimitives.WriteUInt16BigEndian(prm.Slice(2), 7);
        prm[4] = 0xC0;
        prm[5] = 0x82;
        prm[6] = 0x40;
        SctpChecksum.Write(p);
        return p;
    }

    [Fact]
    public void ChromeInit_Parses()
    {
        byte[] p = ChromeInit();
        Assert.True(SctpChecksum.Verify(p));
        var reader = new SctpChunkReader(p.AsSpan(12));
        Assert.True(reader.TryReadNext(out byte type, out _, out ReadOnlySpan<byte> value));
        Assert.Equal(SctpChunkType.Init, type);
        Assert.True(SctpInitChunk.TryRead(value, out SctpInitChunk init));
        Assert.Equal(ChromeTag, init.InitiateTag);
        Assert.Equal(ChromeTsn, init.InitialTsn);
        Assert.Equal(65535, init.InboundStreams);
        Assert.True(init.ForwardTsnSupported);
        Assert.True(init.ReconfigSupported);
        Assert.False(reader.TryReadNext(out _, out _, out _));
        Assert.False(reader.Malformed);
    }

    [Fact]
    public void ChromeInit_IsAnsweredWithInitAck_ThenCookieEchoEstablishes()
    {
        var gateway = new SctpAssociation();
        gateway.HandlePacket(ChromeInit(), 10_000);
        byte[] buffer = new byte[1500];
        Assert.True(gateway.TryPollPacket(buffer, out int len));
        byte[] initAck = buffer.AsSpan(0, len).ToArray();
        Assert.True(SctpChecksum.Verify(initAck));
        Assert.True(SctpCommonHeader.TryRead(initAck, out SctpCommonHeader header));
        Assert.Equal(ChromeTag, header.VerificationTag);
        var reader = new SctpChunkReader(initAck.AsSpan(12));
        Assert.True(reader.TryReadNext(out byte type, out _, out ReadOnlySpan<byte> value));
        Assert.Equal(SctpChunkType.InitAck, type);
        Assert.True(SctpInitChunk.TryRead(value, out SctpInitChunk ack));
        Assert.True(ack.AdvertisedReceiverWindow >= 1500);
        Assert.True(ack.ForwardTsnSupported && ack.ReconfigSupported);
        Assert.Contains((ushort)0xC000, ParameterTypes(value.ToArray()));
        Assert.Contains((ushort)7, ParameterTypes(value.ToArray()));
        Assert.DoesNotContain((ushort)0x8001, ParameterTypes(value.ToArray())); // no zero checksum (WEBRTC-NOTES)
        Assert.Equal(SctpAssociationState.Closed, gateway.State); // stateless until COOKIE ECHO (RFC 9260 §5.1.3)

        byte[] cookie = ack.StateCookie.ToArray();
        byte[] echo = new byte[12 + SctpChunkReader.Pad4(4 + cookie.Length) + 4 + 16 + 4];
        new SctpCommonHeader(5000, 5000, ack.InitiateTag).WriteTo(echo);
        int o = 12;
        SctpChunkReader.WriteHeader(echo.AsSpan(o), SctpChunkType.CookieEcho, 0, 4 + cookie.Length);
        cookie.CopyTo(echo, o + 4);
        o += SctpChunkReader.Pad4(4 + cookie.Length);

        // Chrome may bundle DATA (a DCEP OPEN here) behind COOKIE ECHO.
        SctpDataChunk.Write(echo.AsSpan(o), SctpDataChunk.FlagBeginning | SctpDataChunk.FlagEnd, ChromeTsn, 0, 0, 50, [0x03, 0, 1, 0]);
        SctpChecksum.Write(echo);
        gateway.HandlePacket(echo, 10_010);
        Assert.Equal(SctpAssociationState.Established, gateway.State);
        Assert.True(gateway.TryPollEvent(out SctpEvent ev) && ev.Kind == SctpEventKind.Established);
        Assert.True(gateway.TryPollEvent(out ev) && ev.Kind == SctpEventKind.MessageReceived && ev.Ppid == 50);

        Assert.True(gateway.TryPollPacket(buffer, out len));
        var r2 = new SctpChunkReader(buffer.AsSpan(12, len - 12));
        Assert.True(r2.TryReadNext(out type, out _, out _));
        Assert.Equal(SctpChunkType.CookieAck, type);
    }

    private static List<ushort> ParameterTypes(byte[] initValue)
    {
        var types = new List<ushort>();
        for (int o = 16; o + 4 <= initValue.Length;)
        {
            types.Add(BinaryPrimitives.ReadUInt16BigEndian(initValue.AsSpan(o)));
            o += SctpChunkReader.Pad4(BinaryPrimitives.ReadUInt16BigEndian(initValue.AsSpan(o + 2)));
        }

        return types;
    }

    [Fact]
    public void TamperedOrExpiredCookie_IsRejected()
    {
        var gateway = new SctpAssociation(new SctpAssociationOptions { CookieLifetimeMs = 1_000 });
        gateway.HandlePacket(ChromeInit(), 0);
        byte[] buffer = new byte[1500];
        Assert.True(gateway.TryPollPacket(buffer, out int len));
        var reader = new SctpChunkReader(buffer.AsSpan(12, len - 12));
        reader.TryReadNext(out _, out _, out ReadOnlySpan<byte> value);
        SctpInitChunk.TryRead(value, out SctpInitChunk ack);
        byte[] cookie = ack.StateCookie.ToArray();
        uint tag = ack.InitiateTag;

        byte[] Echo(byte[] c)
        {
            byte[] e = new byte[12 + SctpChunkReader.Pad4(4 + c.Length)];
            new SctpCommonHeader(5000, 5000, tag).WriteTo(e);
            SctpChunkReader.WriteHeader(e.AsSpan(12), SctpChunkType.CookieEcho, 0, 4 + c.Length);
            c.CopyTo(e, 16);
            SctpChecksum.Write(e);
            return e;
        }

        byte[] tampered = (byte[])cookie.Clone();
        tampered[5] ^= 1;
        gateway.HandlePacket(Echo(tampered), 10);
        Assert.Equal(SctpAssociationState.Closed, gateway.State);
        gateway.HandlePacket(Echo(cookie), 5_000);
        Assert.Equal(SctpAssociationState.Closed, gateway.State);
        gateway.HandlePacket(Echo(cookie), 500);
        Assert.Equal(SctpAssociationState.Established, gateway.State);
    }

    [Fact]
    public void ChecksumMatchesRfc3309KnownValue()
    {
        // CRC-32c("123456789") = 0xE3069283 (RFC 3309 / iSCSI check value); our packet CRC skips bytes 8..11,
        // so place the text after a zero 12-byte header and compare with a bytewise reference.
        byte[] p = new byte[12 + 9];
        "123456789"u8.CopyTo(p.AsSpan(12));
        uint reference = 0xFFFFFFFF;
        foreach (byte b in p)
        {
            reference ^= b;
            for (int k = 0; k < 8; k++)
            {
                reference = (reference & 1) != 0 ? (reference >> 1) ^ 0x82F63B78u : reference >> 1;
            }
        }

        Assert.Equal(~reference, SctpChecksum.Compute(p));
        uint check = 0xFFFFFFFF;
        foreach (byte b in "123456789"u8)
        {
            check = System.Numerics.BitOperations.Crc32C(check, b);
        }

        Assert.Equal(0xE3069283u, ~check);
    }
}
