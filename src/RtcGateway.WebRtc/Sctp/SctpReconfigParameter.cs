using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

// RFC 6525 §3.1 RE-CONFIG chunk: Type = 130 | Flags | Length, then one or two parameters.
// §4.1 Outgoing SSN Reset Request (type 13):
// | Re-configuration Request Sequence Number (32) | Re-configuration Response Sequence Number (32) |
// | Sender's Last Assigned TSN (32) | Stream Number 1 (16) ... Stream Number N (16) (padded) |
// §4.2 Incoming SSN Reset Request (type 14): | Request Sequence Number (32) | Stream Numbers (16 each) |
// §4.4 Re-configuration Response (type 16): | Response Sequence Number (32) | Result (32) | [Sender's Next TSN | Receiver's Next TSN] |

/// <summary>One parameter of a RE-CONFIG chunk (RFC 6525 §4). <see cref="Streams"/> points into the packet.</summary>
internal readonly ref struct SctpReconfigParameter
{
    public const ushort OutgoingSsnResetRequest = 13;
    public const ushort IncomingSsnResetRequest = 14;
    public const ushort ReconfigResponse = 16;

    /// <summary>RFC 6525 §4.4 result codes.</summary>
    public const uint ResultSuccessNothingToDo = 0;
    public const uint ResultSuccessPerformed = 1;
    public const uint ResultDenied = 2;
    public const uint ResultErrorWrongSsn = 3;
    public const uint ResultErrorRequestAlreadyInProgress = 4;
    public const uint ResultErrorBadSequenceNumber = 5;
    public const uint ResultInProgress = 6;

    public ushort Type { get; init; }

    /// <summary>Request sequence number (13, 14) or response sequence number (16).</summary>
    public uint SequenceNumber { get; init; }

    /// <summary>Result (16 only).</summary>
    public uint Result { get; init; }

    /// <summary>Sender's last assigned TSN (13 only).</summary>
    public uint LastAssignedTsn { get; init; }

    /// <summary>Stream numbers, 2 bytes each big-endian (13, 14); empty means all streams.</summary>
    public ReadOnlySpan<byte> Streams { get; init; }

    public int StreamCount => Streams.Length / 2;

    public ushort GetStream(int i) => BinaryPrimitives.ReadUInt16BigEndian(Streams.Slice(2 * i));

    /// <summary>Reads the parameter at the start of <paramref name="rest"/> and advances it; false when malformed or unknown.</summary>
    public static bool TryReadNext(ref ReadOnlySpan<byte> rest, out SctpReconfigParameter parameter)
    {
        parameter = default;
        if (rest.Length < 4)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(rest);
        int length = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2));
        if (length < 4 || length > rest.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> body = rest.Slice(4, length - 4);
        int padded = SctpChunkReader.Pad4(length);
        rest = padded >= rest.Length ? default : rest.Slice(padded);
        switch (type)
        {
            case OutgoingSsnResetRequest when body.Length >= 12 && body.Length % 2 == 0:
                parameter = new SctpReconfigParameter
                {
                    Type = type,
                    SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(body),
                    LastAssignedTsn = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(8)),
                    Streams = body.Slice(12),
                };
                return true;
            case IncomingSsnResetRequest when body.Length >= 4 && body.Length % 2 == 0:
                parameter = new SctpReconfigParameter { Type = type, SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(body), Streams = body.Slice(4) };
                return true;
            case ReconfigResponse when body.Length >= 8:
                parameter = new SctpReconfigParameter
                {
                    Type = type,
                    SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(body),
                    Result = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(4)),
                };
                return true;
            default:
                return false;
        }
    }

    /// <summary>Size of a RE-CONFIG chunk with one Outgoing SSN Reset Request for <paramref name="streamCount"/> streams.</summary>
    public static int GetOutgoingRequestChunkSize(int streamCount) => 4 + SctpChunkReader.Pad4(16 + (2 * streamCount));

    /// <summary>Writes a whole RE-CONFIG chunk carrying one Outgoing SSN Reset Request; returns bytes written (padded).</summary>
    public static int WriteOutgoingRequestChunk(Span<byte> dst, uint requestSeq, uint responseSeq, uint lastAssignedTsn, ReadOnlySpan<ushort> streams)
    {
        int paramLength = 16 + (2 * streams.Length);
        int size = GetOutgoingRequestChunkSize(streams.Length);
        dst.Slice(0, size).Clear();
        SctpChunkReader.WriteHeader(dst, SctpChunkType.ReConfig, 0, 4 + paramLength);
        Span<byte> p = dst.Slice(4);
        BinaryPrimitives.WriteUInt16BigEndian(p, OutgoingSsnResetRequest);
        BinaryPrimitives.WriteUInt16BigEndian(p.Slice(2), (ushort)paramLength);
        BinaryPrimitives.WriteUInt32BigEndian(p.Slice(4), requestSeq);
        BinaryPrimitives.WriteUInt32BigEndian(p.Slice(8), responseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(p.Slice(12), lastAssignedTsn);
        for (int i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p.Slice(16 + (2 * i)), streams[i]);
        }

        return size;
    }

    /// <summary>Writes a whole RE-CONFIG chunk carrying one Re-configuration Response; returns 16.</summary>
    public static int WriteResponseChunk(Span<byte> dst, uint responseSeq, uint result)
    {
        SctpChunkReader.WriteHeader(dst, SctpChunkType.ReConfig, 0, 16);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(4), ReconfigResponse);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(6), 12);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(8), responseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(12), result);
        return 16;
    }
}
