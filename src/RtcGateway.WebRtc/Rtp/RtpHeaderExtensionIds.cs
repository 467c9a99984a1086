using System.Text;

namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// The header extension local identifiers one viewer negotiated (RFC 8285 §5 <c>a=extmap</c>), plus the mid value
/// (RFC 8843 §15). A null id means "not negotiated, do not send". Immutable; build one per viewer after the
/// SDP answer. Decides once whether the one-byte form (RFC 8285 §4.2: all ids 1–14) or the two-byte form
/// (§4.3: some id 15–255) is used.
/// </summary>
public sealed class RtpHeaderExtensionIds
{
    /// <summary>Longest mid value accepted, in bytes: 16 (one-byte form limit; RFC 8843 §15 recommends ≤ 16 characters).</summary>
    public const int MaxMidLength = 16;

    private readonly byte[] _midBytes;

    /// <summary>Creates the id set.</summary>
    /// <param name="midId">Id of <see cref="RtpHeaderExtensionUris.Mid"/> or null.</param>
    /// <param name="mid">The m-line's mid value (ASCII, 1–16 bytes); required when <paramref name="midId"/> is set.</param>
    /// <param name="playoutDelayId">Id of <see cref="RtpHeaderExtensionUris.PlayoutDelay"/> or null.</param>
    /// <param name="absCaptureTimeId">Id of <see cref="RtpHeaderExtensionUris.AbsCaptureTime"/> or null.</param>
    /// <param name="transportWideCcId">Id of <see cref="RtpHeaderExtensionUris.TransportWideCc"/> or null.</param>
    /// <param name="absSendTimeId">Id of <see cref="RtpHeaderExtensionUris.AbsSendTime"/> or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is 0, or ids repeat.</exception>
    /// <exception cref="ArgumentException">mid is missing, empty, non-ASCII or longer than 16 bytes while midId is set.</exception>
    public RtpHeaderExtensionIds(
        byte? midId = null, string? mid = null, byte? playoutDelayId = null, byte? absCaptureTimeId = null,
        byte? transportWideCcId = null, byte? absSendTimeId = null)
    {
        MidId = midId;
        PlayoutDelayId = playoutDelayId;
        AbsCaptureTimeId = absCaptureTimeId;
        TransportWideCcId = transportWideCcId;
        AbsSendTimeId = absSendTimeId;
        Mid = mid;

        Span<byte?> ids = [midId, playoutDelayId, absCaptureTimeId, transportWideCcId, absSendTimeId];
        bool twoByte = false;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] is not { } id)
            {
                continue;
            }

            ArgumentOutOfRangeException.ThrowIfZero(id, "id");
            twoByte |= id > 14;
            for (int j = i + 1; j < ids.Length; j++)
            {
                if (ids[j] == id)
                {
                    throw new ArgumentOutOfRangeException(nameof(midId), $"Header extension id {id} used twice.");
                }
            }
        }

        if (midId is not null)
        {
            if (string.IsNullOrEmpty(mid) || mid.Length > MaxMidLength || !Ascii.IsValid(mid))
            {
                throw new ArgumentException("mid must be 1-16 ASCII characters.", nameof(mid));
            }

            _midBytes = Encoding.ASCII.GetBytes(mid);
        }
        else
        {
            _midBytes = [];
        }

        UseTwoByteHeader = twoByte;
    }

    /// <summary>Id of the mid extension, or null.</summary>
    public byte? MidId { get; }

    /// <summary>The mid value (null when <see cref="MidId"/> is null).</summary>
    public string? Mid { get; }

    /// <summary>The mid value as ASCII bytes (empty when not negotiated).</summary>
    public ReadOnlySpan<byte> MidBytes => _midBytes;

    /// <summary>Id of the playout-delay extension, or null.</summary>
    public byte? PlayoutDelayId { get; }

    /// <summary>Id of the abs-capture-time extension, or null.</summary>
    public byte? AbsCaptureTimeId { get; }

    /// <summary>Id of the transport-wide-cc extension, or null.</summary>
    public byte? TransportWideCcId { get; }

    /// <summary>Id of the abs-send-time extension, or null.</summary>
    public byte? AbsSendTimeId { get; }

    /// <summary>True when some id is above 14, so the RFC 8285 §4.3 two-byte form (0x1000) must be used.</summary>
    public bool UseTwoByteHeader { get; }

    /// <summary>An empty set: no extensions are written.</summary>
    public static RtpHeaderExtensionIds None { get; } = new();
}
