using System.Buffers.Binary;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>A decrypted RTP packet as the test browser sees it: header fields and the extensions by id (RFC 8285).</summary>
internal sealed record ReceivedRtp(
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    bool Marker,
    Dictionary<byte, byte[]> Extensions,
    byte[] Payload)
{
    public static ReceivedRtp Parse(byte[] packet)
    {
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header), "decrypted RTP does not parse");
        Assert.Equal(2, header.Version);
        var extensions = new Dictionary<byte, byte[]>();
        if (header.HasExtension)
        {
            foreach (RtpHeaderExtensionElement element in header.GetExtensions(packet))
            {
                Assert.True(extensions.TryAdd(element.Id, element.Data.ToArray()), $"extension id {element.Id} twice");
            }
        }

        return new ReceivedRtp(header.PayloadType, header.SequenceNumber, header.Timestamp, header.Ssrc, header.Marker,
            extensions, header.GetPayload(packet).ToArray());
    }

    /// <summary>NTP 64-bit (RFC 5905 §6) of a positive Unix µs time, fraction rounded to nearest, computed independently
    /// of the code under test.</summary>
    public static ulong Ntp64(long unixUs)
    {
        ulong seconds = (ulong)(unixUs / 1_000_000) + 2_208_988_800UL;
        ulong fraction = (ulong)Math.Round((unixUs % 1_000_000) * 4294967296.0 / 1_000_000.0, MidpointRounding.AwayFromZero);
        return (seconds << 32) | fraction;
    }

    /// <summary>90 kHz RTP timestamp of a capture time with the random offset (RFC 3550 §5.1), computed independently.</summary>
    public static uint Rtp90k(long unixUs, uint offset) => unchecked((uint)(ulong)(unixUs * 90 / 1000) + offset);

    public static ulong ReadNtp(byte[] data) => BinaryPrimitives.ReadUInt64BigEndian(data);
}
