namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Largest RTP payload that keeps every protected datagram within the datagram budget (1,200 bytes by default,
/// the WebRTC-safe size that also fits IPv6 minimum MTU with tunnelling headroom).
/// Arithmetic for the default budget:
/// <code>
///   1,200  datagram budget (SRTP packet = UDP payload)
/// −    12  RTP fixed header (RFC 3550 §5.1, no CSRCs)
/// −    48  worst-case extension block: 4-byte header (RFC 8285) + elements in the two-byte form (§4.3)
///          mid 2+16, playout-delay 2+3, abs-capture-time 2+8, transport-wide-cc 2+2, abs-send-time 2+3
///          = 4 + 42 = 46, padded to a multiple of 4 = 48 (one-byte form: 4 + 37 = 41 → 44)
/// −    16  SRTP overhead: max(AEAD_AES_128_GCM tag 16 (RFC 7714 §13), AES_CM_HMAC_SHA1_80 tag 10 (RFC 3711))
/// = 1,124  bytes of payload
/// </code>
/// The mid is limited to <see cref="RtpHeaderExtensionIds.MaxMidLength"/> (16) bytes, so no packet can exceed the budget.
/// An RTX packet (RFC 4588 §4) carries the same extensions plus 2 bytes of OSN: it fits because the extensions a peer
/// writes (ids 1–14, one-byte form, no abs-send-time) take at most 4 + 33 = 37 → 40 bytes, 8 below the 48 reserved.
/// </summary>
public static class RtpPayloadBudget
{
    /// <summary>Default datagram budget in bytes: 1,200.</summary>
    public const int DefaultDatagramBudget = 1200;

    /// <summary>Worst-case extension block in bytes (see the class remarks): 48.</summary>
    public const int MaxExtensionBlockSize = 48;

    /// <summary>Largest SRTP per-packet overhead in bytes (GCM tag): 16.</summary>
    public const int MaxSrtpOverhead = 16;

    /// <summary>Maximum payload for the default budget: 1,124 bytes.</summary>
    public const int DefaultMaxPayloadSize = DefaultDatagramBudget - RtpHeader.FixedHeaderSize - MaxExtensionBlockSize - MaxSrtpOverhead;

    /// <summary>Maximum payload in bytes for a datagram budget (bytes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The budget leaves fewer than 64 bytes of payload.</exception>
    public static int MaxPayloadSize(int datagramBudget = DefaultDatagramBudget)
    {
        int size = datagramBudget - RtpHeader.FixedHeaderSize - MaxExtensionBlockSize - MaxSrtpOverhead;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 64, nameof(datagramBudget));
        return size;
    }
}
