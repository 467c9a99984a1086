using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's managed TLS crypto provider (<see cref="BcTlsCrypto"/>) with one change for DTLS servers: every record
/// cipher it creates is wrapped in a <see cref="DtlsDiscardingCipher"/>, so a received record that cannot be decoded
/// (too short for the cipher, bad padding, failed tag) is reported to BouncyCastle as bad_record_mac, which its DTLS
/// record layer discards silently (RFC 6347 §4.1.2.7). Without it, BouncyCastle 2.7.0 drops bad_record_mac records but
/// fails the whole connection on a record shorter than the AEAD overhead (decode_error): any host that can spoof the
/// peer's address could end the session with a 20-byte datagram. Uses only BouncyCastle's public extension point
/// (<see cref="BcTlsCrypto.CreateCipher"/> is virtual); one instance per session.
/// </summary>
internal sealed class DtlsCrypto : BcTlsCrypto
{
    /// <param name="random">Randomness for the handshake (nonces, ECDHE keys, signatures).</param>
    public DtlsCrypto(SecureRandom random)
        : base(random)
    {
    }

    /// <inheritdoc />
    public override TlsCipher CreateCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm) =>
        new DtlsDiscardingCipher(base.CreateCipher(cryptoParams, encryptionAlgorithm, macAlgorithm));
}
