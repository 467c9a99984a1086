using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtcp;

// RFC 3550 §6.6 BYE: SC SSRC/CSRC identifiers (4 each), then optionally: length (1 byte) + reason for leaving,
// padded to a 32-bit boundary.

/// <summary>View of a validated BYE packet (RFC 3550 §6.6).</summary>
public readonly ref struct RtcpGoodbye
{
    private readonly ReadOnlySpan<byte> _body;

    internal RtcpGoodbye(ReadOnlySpan<byte> body, int sourceCount)
    {
        _body = body;
        SourceCount = sourceCount;
        int reasonOffset = 4 * sourceCount;
        Reason = body.Length > reasonOffset ? body.Slice(reasonOffset + 1, body[reasonOffset]) : default;
    }

    /// <summary>Number of SSRC/CSRC identifiers (SC).</summary>
    public int SourceCount { get; }

    /// <summary>Reason for leaving (UTF-8; empty when absent).</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>Identifier <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="SourceCount"/>.</exception>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4 * index));
    }

    internal static bool Validate(ReadOnlySpan<byte> body, int sourceCount)
    {
        int reasonOffset = 4 * sourceCount;
        if (body.Length < reasonOffset)
        {
            return false;
        }

        return body.Length == reasonOffset || reasonOffset + 1 + body[reasonOffset] <= body.Length;
    }
}
