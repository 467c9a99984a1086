using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Sctp;

// RFC 9260 §5.1.3 State Cookie: the responder keeps no state between INIT and COOKIE ECHO; everything needed to build
// the TCB travels in the cookie, protected by a MAC over the cookie and a timestamp with a secret key.
// Our layout (opaque to the peer), big-endian:
// version (1) | local tag (4) | peer tag (4) | local initial TSN (4) | peer initial TSN (4) | peer a_rwnd (4) |
// peer OS (2) | peer MIS (2) | flags (1: bit0 FORWARD-TSN, bit1 RE-CONFIG) | created ms (8) | HMAC-SHA256 (32)

/// <summary>Contents of our State Cookie (RFC 9260 §5.1.3), created in INIT ACK and checked on COOKIE ECHO.</summary>
internal readonly record struct SctpStateCookie(
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiverWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    bool PeerForwardTsn,
    bool PeerReconfig,
    long CreatedMs)
{
    private const byte Version = 1;
    private const int BodySize = 34;
    private const int MacSize = 32;

    public const int Size = BodySize + MacSize;

    public int WriteTo(Span<byte> dst, ReadOnlySpan<byte> secret)
    {
        dst[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(1), LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(5), PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(9), LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(13), PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(17), PeerReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(21), PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(23), PeerInboundStreams);
        dst[25] = (byte)((PeerForwardTsn ? 1 : 0) | (PeerReconfig ? 2 : 0));
        BinaryPrimitives.WriteInt64BigEndian(dst.Slice(26), CreatedMs);
        HMACSHA256.HashData(secret, dst.Slice(0, BodySize), dst.Slice(BodySize, MacSize));
        return Size;
    }

    /// <summary>Checks size, version and MAC (constant time) and the age (≤ <paramref name="lifetimeMs"/>, not from the future).</summary>
    public static bool TryRead(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> secret, long nowMs, long lifetimeMs, out SctpStateCookie value)
    {
        value = default;
        if (cookie.Length != Size || cookie[0] != Version)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacSize];
        HMACSHA256.HashData(secret, cookie.Slice(0, BodySize), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie.Slice(BodySize, MacSize)))
        {
            return false;
        }

        long created = BinaryPrimitives.ReadInt64BigEndian(cookie.Slice(26));
        if (nowMs - created > lifetimeMs || created - nowMs > 1_000)
        {
            return false;
        }

        value = new SctpStateCookie(
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(1)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(5)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(9)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(13)),
            BinaryPrimitives.ReadUInt32BigEndian(cookie.Slice(17)),
            BinaryPrimitives.ReadUInt16BigEndian(cookie.Slice(21)),
            BinaryPrimitives.ReadUInt16BigEndian(cookie.Slice(23)),
            (cookie[25] & 1) != 0,
            (cookie[25] & 2) != 0,
            created);
        return true;
    }
}
