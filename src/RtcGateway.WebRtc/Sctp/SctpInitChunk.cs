using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 9260 §3.3.2 INIT and §3.3.3 INIT ACK (same fixed part):
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 1/2  |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Initiate Tag                          |
// |          Advertised Receiver Window Credit (a_rwnd)           |
// |  Number of Outbound Streams   |  Number of Inbound Streams    |
// |                          Initial TSN                          |
// \              Optional/Variable-Length Parameters              \
// Parameters (§3.2.1): Type (16) | Length (16) | Value, padded to 4.
//  State Cookie (7, INIT ACK only, §3.3.3.1); Forward-TSN-Supported (49152, RFC 3758 §3.1);
//  Supported Extensions (0x8008, RFC 5061 §4.2.7) listing chunk types, here 192 (FORWARD-TSN) and 130 (RE-CONFIG).

/// <summary>Parsed INIT or INIT ACK chunk value (RFC 9260 §3.3.2, §3.3.3). Cookie points into the packet.</summary>
internal readonly ref struct SctpInitChunk
{
    public const ushort StateCookieParam = 7;
    public const ushort ForwardTsnSupportedParam = 0xC000;
    public const ushort SupportedExtensionsParam = 0x8008;
    public const int FixedSize = 16;

    public uint InitiateTag { get; init; }

    public uint AdvertisedReceiverWindow { get; init; }

    public ushort OutboundStreams { get; init; }

    public ushort InboundStreams { get; init; }

    public uint InitialTsn { get; init; }

    public ReadOnlySpan<byte> StateCookie { get; init; }

    public bool ForwardTsnSupported { get; init; }

    public bool ReconfigSupported { get; init; }

    /// <summary>Parses the chunk value; rejects a zero initiate tag, zero stream counts and malformed parameters.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out SctpInitChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedSize)
        {
            return false;
        }

        uint tag = BinaryPrimitives.ReadUInt32BigEndian(value);
        ushort os = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(8));
        ushort mis = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(10));
        if (tag == 0 || os == 0 || mis == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> cookie = default;
        bool forwardTsn = false;
        bool reconfig = false;
        ReadOnlySpan<byte> rest = value.Slice(FixedSize);
        while (rest.Length >= 4)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(rest);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2));
            if (length < 4 || length > rest.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> body = rest.Slice(4, length - 4);
            switch (type)
            {
                case StateCookieParam:
                    cookie = body;
                    break;
                case ForwardTsnSupportedParam:
                    forwardTsn = true;
                    break;
                case SupportedExtensionsParam:
                    foreach (byte t in body)
                    {
                        forwardTsn |= t == SctpChunkType.ForwardTsn;
                        reconfig |= t == SctpChunkType.ReConfig;
                    }

                    break;
            }

            int padded = SctpChunkReader.Pad4(length);
            rest = padded >= rest.Length ? default : rest.Slice(padded);
        }

        chunk = new SctpInitChunk
        {
            InitiateTag = tag,
            AdvertisedReceiverWindow = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(4)),
            OutboundStreams = os,
            InboundStreams = mis,
            InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(12)),
            StateCookie = cookie,
            ForwardTsnSupported = forwardTsn,
            ReconfigSupported = reconfig,
        };
        return true;
    }

    /// <summary>Size of a whole INIT/INIT ACK chunk written by <see cref="Write"/> (cookie padded).</summary>
    public static int GetSize(int cookieLength) =>
        4 + FixedSize + 4 + 8 + (cookieLength > 0 ? SctpChunkReader.Pad4(4 + cookieLength) : 0);

    /// <summary>Writes a whole INIT (<paramref name="chunkType"/> 1) or INIT ACK (2) chunk; returns bytes written (padded).</summary>
    public static int Write(
        Span<byte> dst, byte chunkType, uint initiateTag, uint aRwnd, ushort os, ushort mis, uint initialTsn, ReadOnlySpan<byte> cookie)
    {
        int size = GetSize(cookie.Length);
        dst.Slice(0, size).Clear();
        int unpadded = cookie.Length > 0 ? 4 + FixedSize + 4 + 8 + 4 + cookie.Length : size;
        SctpChunkReader.WriteHeader(dst, chunkType, 0, unpadded);
        Span<byte> v = dst.Slice(4);
        BinaryPrimitives.WriteUInt32BigEndian(v, initiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(v.Slice(4), aRwnd);
        BinaryPrimitives.WriteUInt16BigEndian(v.Slice(8), os);
        BinaryPrimitives.WriteUInt16BigEndian(v.Slice(10), mis);
        BinaryPrimitives.WriteUInt32BigEndian(v.Slice(12), initialTsn);
        Span<byte> p = v.Slice(FixedSize);
        BinaryPrimitives.WriteUInt16BigEndian(p, ForwardTsnSupportedParam);
        BinaryPrimitives.WriteUInt16BigEndian(p.Slice(2), 4);
        p = p.Slice(4);
        BinaryPrimitives.WriteUInt16BigEndian(p, SupportedExtensionsParam);
        BinaryPrimitives.WriteUInt16BigEndian(p.Slice(2), 6);
        p[4] = SctpChunkType.ForwardTsn;
        p[5] = SctpChunkType.ReConfig;
        p = p.Slice(8);
        if (cookie.Length > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p, StateCookieParam);
            BinaryPrimitives.WriteUInt16BigEndian(p.Slice(2), (ushort)(4 + cookie.Length));
            cookie.CopyTo(p.Slice(4));
        }

        return size;
    }
}
