using System.Net;
using System.Text;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.WebRtc.Tests.Stun;

/// <summary>RFC 5769 test vectors (§2.1–§2.3), short-term password "VOkJxbRl1RmTxUk/WvJxBt".</summary>
public class Rfc5769VectorTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    // RFC 5769 §2.1 Sample Request (SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT).
    internal static readonly byte[] SampleRequest = Hex.Parse("""
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf
        """);

    // RFC 5769 §2.2 Sample IPv4 Response: XOR-MAPPED-ADDRESS 192.0.2.1:32853.
    internal static readonly byte[] SampleIPv4Response = Hex.Parse("""
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96
        """);

    // RFC 5769 §2.3 Sample IPv6 Response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    internal static readonly byte[] SampleIPv6Response = Hex.Parse("""
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c
        """);

    private static readonly byte[] TransactionId = Hex.Parse("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    [Fact]
    public void SampleRequest_ParsesAndValidates()
    {
        Assert.True(StunMessage.TryRead(SampleRequest, out StunMessageView view));
        Assert.Equal(StunMethod.Binding, view.Method);
        Assert.Equal(StunClass.Request, view.Class);
        Assert.True(view.TransactionId.SequenceEqual(TransactionId));
        Assert.True(view.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(view.TryGetPriority(out uint priority));
        Assert.Equal(0x6E0001FFu, priority);
        Assert.True(view.TryGetIceControlled(out ulong tiebreaker));
        Assert.Equal(0x932FF9B151263B36UL, tiebreaker);
        Assert.False(view.TryGetIceControlling(out _));
        Assert.False(view.HasUseCandidate);
        Assert.True(view.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(view.VerifyMessageIntegrity(Password));
        Assert.True(view.VerifyFingerprint());
        Assert.True(StunMessage.VerifyMessageIntegrity(SampleRequest, Password));
        Assert.True(StunMessage.VerifyFingerprint(SampleRequest));
        Assert.False(StunMessage.VerifyMessageIntegrity(SampleRequest, "VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Fact]
    public void SampleRequest_LocalUfragIsPartBeforeColon()
    {
        Assert.True(StunMessage.TryPeekLocalUfrag(SampleRequest, out ReadOnlySpan<byte> ufrag));
        Assert.Equal("evtj", Encoding.ASCII.GetString(ufrag));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SampleResponses_ValidateAndDecodeAddress(bool ipv6)
    {
        byte[] message = ipv6 ? SampleIPv6Response : SampleIPv4Response;
        Assert.True(StunMessage.TryRead(message, out StunMessageView view));
        Assert.Equal(StunMessageType.BindingSuccess, view.Type);
        Assert.True(view.VerifyMessageIntegrity(Password));
        Assert.True(view.VerifyFingerprint());
        Assert.True(view.TryGetXorMappedAddress(out IPEndPoint? mapped));
        IPEndPoint expected = ipv6
            ? new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)
            : new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853);
        Assert.Equal(expected, mapped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Writer_ReproducesSampleResponsesByteForByte(bool ipv6)
    {
        byte[] expectedBytes = ipv6 ? SampleIPv6Response : SampleIPv4Response;
        IPEndPoint mapped = ipv6
            ? new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853)
            : new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, TransactionId);

        // The RFC pads SOFTWARE with a space (0x20), which is allowed (padding is ignored); write it as 12 bytes
        // with the length patched to 11 to reproduce the vector exactly.
        writer.AddAttribute(StunAttributeType.Software, "test vector "u8);
        buffer[StunMessage.HeaderLength + 3] = 11;
        writer.AddXorMappedAddress(mapped);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();

        Assert.Equal(Convert.ToHexString(expectedBytes), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Writer_ReproducesSampleRequestByteForByte()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, TransactionId);
        writer.AddAttribute(StunAttributeType.Software, "STUN test client"u8);
        writer.AddPriority(0x6E0001FF);
        writer.AddIceControlled(0x932FF9B151263B36UL);
        writer.AddUsername("evtj:h6vY   "u8);
        int usernameLengthOffset = writer.Length - 12 - 2;
        buffer[usernameLengthOffset + 1] = 9; // the RFC pads USERNAME with spaces; length stays 9
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();

        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void AnyFlippedBitInSampleRequest_FailsIntegrityOrFingerprintOrParse()
    {
        int cases = 0;
        for (int bit = 0; bit < SampleRequest.Length * 8; bit++)
        {
            byte[] copy = (byte[])SampleRequest.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            bool valid = StunMessage.TryRead(copy, out StunMessageView view)
                && view.VerifyMessageIntegrity(Password)
                && view.VerifyFingerprint();

            // Flips inside padding bytes are not covered by FINGERPRINT's meaning but are covered by its CRC.
            Assert.False(valid, $"bit {bit} flip went unnoticed");
            cases++;
        }

        Assert.Equal(SampleRequest.Length * 8, cases);
    }
}
