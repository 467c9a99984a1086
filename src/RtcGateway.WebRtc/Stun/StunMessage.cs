using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// STUN message reading (RFC 8489 §5, §6.3, §14) and helpers for ICE demultiplexing.
/// All methods are pure and never throw on wire input.
/// </summary>
public static class StunMessage
{
    /// <summary>Size of the fixed STUN header in bytes (RFC 8489 §5).</summary>
    public const int HeaderLength = 20;

    /// <summary>Size of the transaction id in bytes (RFC 8489 §5).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>The magic cookie 0x2112A442 (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Size of the MESSAGE-INTEGRITY value in bytes (HMAC-SHA1, RFC 8489 §14.5).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>The constant XORed into the FINGERPRINT CRC-32 (RFC 8489 §14.7): ASCII "STUN".</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>
    /// Parses and validates one STUN message that fills the whole <paramref name="datagram"/>:
    /// header (two zero bits, magic cookie, length multiple of 4 and equal to the datagram's),
    /// attribute framing, MESSAGE-INTEGRITY length and FINGERPRINT placement (last, 4 bytes).
    /// Does not verify MESSAGE-INTEGRITY or FINGERPRINT values.
    /// </summary>
    /// <param name="datagram">One UDP payload.</param>
    /// <param name="view">The view on success; default otherwise.</param>
    /// <returns>True when well-formed.</returns>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out StunMessageView view) =>
        Parse(datagram, out view) == StunParseError.None;

    /// <summary>Same as <see cref="TryRead"/> but names the malformation.</summary>
    /// <param name="datagram">One UDP payload.</param>
    /// <param name="view">The view on success; default otherwise.</param>
    /// <returns><see cref="StunParseError.None"/> when well-formed, otherwise the first problem found.</returns>
    public static StunParseError Parse(ReadOnlySpan<byte> datagram, out StunMessageView view)
    {
        view = default;
        if (datagram.Length < HeaderLength)
        {
            return StunParseError.TooShort;
        }

        if ((datagram[0] & 0xC0) != 0)
        {
            return StunParseError.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(4, 4)) != MagicCookie)
        {
            return StunParseError.BadMagicCookie;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2, 2));
        if ((length & 3) != 0)
        {
            return StunParseError.LengthNotMultipleOfFour;
        }

        if (HeaderLength + length != datagram.Length)
        {
            return StunParseError.LengthMismatch;
        }

        int messageIntegrityOffset = -1;
        int fingerprintOffset = -1;
        int offset = HeaderLength;
        while (offset < datagram.Length)
        {
            if (offset + 4 > datagram.Length)
            {
                return StunParseError.TruncatedAttribute;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset, 2));
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset + 2, 2));
            int padded = (valueLength + 3) & ~3;
            if (offset + 4 + padded > datagram.Length)
            {
                return StunParseError.TruncatedAttribute;
            }

            if (fingerprintOffset >= 0)
            {
                // RFC 8489 §14.7: FINGERPRINT MUST be the last attribute.
                return StunParseError.BadFingerprint;
            }

            if (type == StunAttributeType.MessageIntegrity && messageIntegrityOffset < 0)
            {
                if (valueLength != MessageIntegrityLength)
                {
                    return StunParseError.BadMessageIntegrity;
                }

                messageIntegrityOffset = offset;
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != 4)
                {
                    return StunParseError.BadFingerprint;
                }

                fingerprintOffset = offset;
            }

            offset += 4 + padded;
        }

        view = new StunMessageView(datagram, messageIntegrityOffset, fingerprintOffset);
        return StunParseError.None;
    }

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY of a whole datagram (RFC 8489 §14.5, including the length adjustment).
    /// </summary>
    /// <param name="message">One STUN message.</param>
    /// <param name="key">Short-term credential key: the UTF-8 password bytes.</param>
    /// <returns>False when malformed, absent or wrong; never throws.</returns>
    public static bool VerifyMessageIntegrity(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key) =>
        TryRead(message, out StunMessageView view) && view.VerifyMessageIntegrity(key);

    /// <summary>Verifies FINGERPRINT of a whole datagram (RFC 8489 §14.7).</summary>
    /// <param name="message">One STUN message.</param>
    /// <returns>False when malformed, absent or wrong; never throws.</returns>
    public static bool VerifyFingerprint(ReadOnlySpan<byte> message) =>
        TryRead(message, out StunMessageView view) && view.VerifyFingerprint();

    /// <summary>
    /// Extracts the receiver's ufrag from a STUN Binding request: the part of USERNAME before the first ':'
    /// (RFC 8445 §7.2.2: USERNAME = "&lt;receiver ufrag&gt;:&lt;sender ufrag&gt;"). Used to route
    /// checks for several peers arriving on one UDP port. Does not authenticate.
    /// </summary>
    /// <param name="datagram">One UDP payload.</param>
    /// <param name="ufrag">The local (receiver's) ufrag bytes, a slice of <paramref name="datagram"/>; empty on failure.</param>
    /// <returns>False when not a well-formed STUN message, USERNAME is missing, or it has no ':' or an empty first part.</returns>
    public static bool TryPeekLocalUfrag(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> ufrag)
    {
        ufrag = default;
        if (!TryRead(datagram, out StunMessageView view) || !view.TryGetUsername(out ReadOnlySpan<byte> username))
        {
            return false;
        }

        int colon = username.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        ufrag = username[..colon];
        return true;
    }
}
