using System.Buffers.Binary;
using System.Net;
using System.Text;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.WebRtc.Tests.Stun;

public class StunMessageTests
{
    private static readonly byte[] Tid = Hex.Parse("01 02 03 04 05 06 07 08 09 0a 0b 0c");

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void MessageType_BindingWireValues(StunClass stunClass, int wire)
    {
        var type = new StunMessageType(StunMethod.Binding, stunClass);
        Assert.Equal(wire, type.ToWire());
        Assert.Equal(type, StunMessageType.FromWire((ushort)wire));
    }

    [Fact]
    public void MessageType_RoundTripsEveryMethodAndClass()
    {
        int cases = 0;
        for (int method = 0; method < 0x1000; method++)
        {
            for (int c = 0; c < 4; c++)
            {
                var type = new StunMessageType((StunMethod)method, (StunClass)c);
                ushort wire = type.ToWire();
                Assert.Equal(0, wire & 0xC000);
                Assert.Equal(type, StunMessageType.FromWire(wire));
                cases++;
            }
        }

        Assert.Equal(0x4000, cases);
    }

    [Theory]
    [InlineData("192.0.2.1", 1)]
    [InlineData("10.1.2.3", 65535)]
    [InlineData("2001:db8::1", 5000)]
    [InlineData("fe80::1234:5678:9abc:def0", 0)]
    public void XorMappedAddress_RoundTrips(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, Tid);
        writer.AddXorMappedAddress(endPoint);
        Assert.True(StunMessage.TryRead(writer.Written, out StunMessageView view));
        Assert.True(view.TryGetXorMappedAddress(out IPEndPoint? decoded));
        Assert.Equal(endPoint, decoded);
    }

    [Fact]
    public void XorMappedAddress_IPv4MappedIPv6IsWrittenAsIPv4()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("192.0.2.7").MapToIPv6(), 4242);
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, Tid);
        writer.AddXorMappedAddress(endPoint);
        Assert.True(StunMessage.TryRead(writer.Written, out StunMessageView view));
        Assert.True(view.TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value));
        Assert.Equal(8, value.Length);
        Assert.True(view.TryGetXorMappedAddress(out IPEndPoint? decoded));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 4242), decoded);
    }

    [Fact]
    public void Writer_RoundTripsAllIceAttributes()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Tid);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddPriority(123456789);
        writer.AddUseCandidate();
        writer.AddIceControlling(0xFEDCBA9876543210UL);
        writer.AddMessageIntegrity("secret-password-123456"u8);
        writer.AddFingerprint();

        Assert.Equal(0, writer.Length % 4);
        Assert.Equal(writer.Length - 20, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
        Assert.True(StunMessage.TryRead(writer.Written, out StunMessageView view));
        Assert.True(view.TransactionId.SequenceEqual(Tid));
        Assert.True(view.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("abcd:efgh", Encoding.UTF8.GetString(username));
        Assert.True(view.TryGetPriority(out uint priority));
        Assert.Equal(123456789u, priority);
        Assert.True(view.HasUseCandidate);
        Assert.True(view.TryGetIceControlling(out ulong tiebreaker));
        Assert.Equal(0xFEDCBA9876543210UL, tiebreaker);
        Assert.True(view.VerifyMessageIntegrity("secret-password-123456"u8));
        Assert.False(view.VerifyMessageIntegrity("secret-password-123457"u8));
        Assert.True(view.VerifyFingerprint());

        int count = 0;
        foreach (StunAttribute attribute in view.GetAttributes())
        {
            count++;
            Assert.Equal(0, attribute.Offset % 4);
        }

        Assert.Equal(6, count);
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(487, "Role Conflict")]
    [InlineData(300, "")]
    [InlineData(699, "x")]
    public void ErrorCode_RoundTrips(int code, string reason)
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingError, Tid);
        writer.AddErrorCode(code, Encoding.UTF8.GetBytes(reason));
        Assert.True(StunMessage.TryRead(writer.Written, out StunMessageView view));
        Assert.True(view.TryGetErrorCode(out int decoded, out ReadOnlySpan<byte> decodedReason));
        Assert.Equal(code, decoded);
        Assert.Equal(reason, Encoding.UTF8.GetString(decodedReason));
    }

    [Fact]
    public void AttributesAfterMessageIntegrity_AreIgnoredExceptFingerprint()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Tid);
        writer.AddUsername("a:b"u8);
        writer.AddMessageIntegrity("pw"u8);
        int end = writer.Length;

        // Append USE-CANDIDATE after MESSAGE-INTEGRITY by hand (RFC 8489 §14.5: must be ignored).
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(end), StunAttributeType.UseCandidate);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(end + 2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(end + 4 - 20));
        Assert.True(StunMessage.TryRead(buffer.AsSpan(0, end + 4), out StunMessageView view));
        Assert.False(view.HasUseCandidate);
        Assert.True(view.VerifyMessageIntegrity("pw"u8));
    }

    [Fact]
    public void Writer_ThrowsOnMisuseNotWireInput()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(buffer.AsSpan(0, 19), StunMessageType.BindingRequest, Tid));
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(buffer, StunMessageType.BindingRequest, Tid.AsSpan(0, 11)));
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Tid);
            writer.AddFingerprint();
            writer.AddUseCandidate();
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, Tid);
            writer.AddAttribute(0x8000, new byte[41]);
        });
    }

    public static TheoryData<string, StunParseError> Malformed => new()
    {
        { "", StunParseError.TooShort },
        { "00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00", StunParseError.TooShort },
        { "40 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00", StunParseError.NotStun },
        { "00 01 00 00 21 12 a4 43 00 00 00 00 00 00 00 00 00 00 00 00", StunParseError.BadMagicCookie },
        { "00 01 00 02 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 00", StunParseError.LengthNotMultipleOfFour },
        { "00 01 00 08 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 24 00 04", StunParseError.LengthMismatch },
        { "00 01 00 04 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 24 00 04", StunParseError.TruncatedAttribute },
        { "00 01 00 08 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 05 61 62 63 64", StunParseError.TruncatedAttribute },
        { "00 01 00 08 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 00 08 00 04 00 00 00 00", StunParseError.BadMessageIntegrity },
        { "00 01 00 08 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 80 28 00 00 00 00 00 00", StunParseError.BadFingerprint },
        { "00 01 00 0c 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00 80 28 00 04 00 00 00 00 00 25 00 00", StunParseError.BadFingerprint },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_NamesTheMalformation(string hex, StunParseError expected)
    {
        byte[] bytes = Hex.Parse(hex);
        Assert.Equal(expected, StunMessage.Parse(bytes, out _));
        Assert.False(StunMessage.TryRead(bytes, out _));
        Assert.False(StunMessage.TryPeekLocalUfrag(bytes, out _));
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData(":remote")]
    public void TryPeekLocalUfrag_RejectsUsernameWithoutLocalPart(string username)
    {
        byte[] request = new BindingRequests().Build(username, "pw");
        Assert.False(StunMessage.TryPeekLocalUfrag(request, out _));
    }

    [Fact]
    public void TryPeekLocalUfrag_NoUsername_False()
    {
        byte[] request = new BindingRequests().Build("", "pw");
        Assert.False(StunMessage.TryPeekLocalUfrag(request, out _));
    }

    [Fact]
    public void Fingerprint_is_the_iso_hdlc_crc32_xor_stun()
    {
        // CRC-32/ISO-HDLC check value for "123456789" is 0xCBF43926 (not CRC-32C's 0xE3069283); XOR ASCII "STUN".
        Assert.Equal(0xCBF43926u ^ 0x5354554Eu, StunFingerprint.Compute("123456789"u8));
    }
}
