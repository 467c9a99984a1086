using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Decorator over a BouncyCastle record cipher (<see cref="TlsCipher"/>): encoding and limits are forwarded unchanged;
/// any failure to decode a received record (decode_error for a record shorter than the explicit nonce + tag, bad
/// padding, a failed authentication tag, or an unexpected exception on hostile input) is rethrown as a bad_record_mac
/// <see cref="TlsFatalAlert"/> carrying the original as its cause. BouncyCastle's DTLS record layer discards exactly
/// that alert without failing the connection, as RFC 6347 §4.1.2.7 asks ("invalid records SHOULD be silently
/// discarded"). Created by <see cref="DtlsCrypto"/>.
/// </summary>
internal sealed class DtlsDiscardingCipher(TlsCipher inner) : TlsCipher, TlsCipherExt
{
    /// <inheritdoc />
    public bool UsesOpaqueRecordType => inner.UsesOpaqueRecordType;

    /// <inheritdoc />
    public int GetCiphertextDecodeLimit(int plaintextLimit) => inner.GetCiphertextDecodeLimit(plaintextLimit);

    /// <inheritdoc />
    public int GetCiphertextEncodeLimit(int plaintextLength, int plaintextLimit) =>
        inner.GetCiphertextEncodeLimit(plaintextLength, plaintextLimit);

    /// <inheritdoc />
    public int GetPlaintextLimit(int ciphertextLimit) => inner.GetPlaintextLimit(ciphertextLimit);

    /// <inheritdoc />
    public int GetPlaintextDecodeLimit(int ciphertextLimit) => inner is TlsCipherExt ext
        ? ext.GetPlaintextDecodeLimit(ciphertextLimit)
        : inner.GetPlaintextLimit(ciphertextLimit);

    /// <inheritdoc />
    public int GetPlaintextEncodeLimit(int ciphertextLimit) => inner is TlsCipherExt ext
        ? ext.GetPlaintextEncodeLimit(ciphertextLimit)
        : inner.GetPlaintextLimit(ciphertextLimit);

    /// <inheritdoc />
    public TlsEncodeResult EncodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
        int headerAllocation, byte[] plaintext, int offset, int len) =>
        inner.EncodePlaintext(seqNo, contentType, recordVersion, headerAllocation, plaintext, offset, len);

    /// <inheritdoc />
    public TlsEncodeResult EncodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion,
        int headerAllocation, ReadOnlySpan<byte> plaintext) =>
        inner.EncodePlaintext(seqNo, contentType, recordVersion, headerAllocation, plaintext);

    /// <summary>Decodes like the wrapped cipher; every failure becomes bad_record_mac (see the class summary).</summary>
    /// <exception cref="TlsFatalAlert">bad_record_mac: the record is invalid and must be discarded.</exception>
    public TlsDecodeResult DecodeCiphertext(long seqNo, short recordType, ProtocolVersion recordVersion, byte[] ciphertext,
        int offset, int len)
    {
        try
        {
            return inner.DecodeCiphertext(seqNo, recordType, recordVersion, ciphertext, offset, len);
        }
        catch (TlsFatalAlert alert) when (alert.AlertDescription == AlertDescription.bad_record_mac)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, exception);
        }
    }

    /// <inheritdoc />
    public void RekeyDecoder() => inner.RekeyDecoder();

    /// <inheritdoc />
    public void RekeyEncoder() => inner.RekeyEncoder();
}
