using System.IO.Hashing;

namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// The value of the STUN FINGERPRINT attribute (RFC 8489 §14.7): the CRC-32 of ITU-T V.42 / ISO 3309 (reflected
/// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF; <see cref="Crc32"/> of System.IO.Hashing) over the
/// message up to the attribute, XORed with 0x5354554E (<see cref="StunMessage.FingerprintXor"/>). Allocation-free.
/// </summary>
internal static class StunFingerprint
{
    /// <summary>Computes the FINGERPRINT value of <paramref name="messagePrefix"/>: the message bytes that precede the
    /// FINGERPRINT attribute, with the header length already covering the attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> messagePrefix) =>
        Crc32.HashToUInt32(messagePrefix) ^ StunMessage.FingerprintXor;
}
