using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.Tls.Crypto;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// The gateway's DTLS identity: a self-signed X.509 v3 certificate with an ECDSA P-256 key (named curve secp256r1),
/// signed with SHA256withECDSA, random positive 63-bit serial, validity [now − 1 day, now + 30 days]. Immutable and
/// thread-safe; one instance per process is shared by all <see cref="DtlsServerSession"/>s. Its fingerprint goes into
/// the SDP answer (<see cref="FingerprintSdp"/>, RFC 8122 §5).
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(AsymmetricKeyParameter privateKey, byte[] der, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        PrivateKey = privateKey;
        CertificateDer = der;
        FingerprintSha256 = DtlsFingerprint.ComputeSha256(der);
        FingerprintHex = DtlsFingerprint.FormatHex(FingerprintSha256);
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    /// <summary>SHA-256 (32 bytes) over the certificate's DER encoding. Do not modify the array.</summary>
    public byte[] FingerprintSha256 { get; }

    /// <summary>The fingerprint as upper-case hex pairs with colons, e.g. "AB:01:…" (95 characters).</summary>
    public string FingerprintHex { get; }

    /// <summary>The SDP <c>a=fingerprint</c> value: "sha-256 AB:01:…" (RFC 8122 §5).</summary>
    public string FingerprintSdp => DtlsFingerprint.Sha256HashFunction + " " + FingerprintHex;

    /// <summary>DER encoding of the certificate. Do not modify the array.</summary>
    public byte[] CertificateDer { get; }

    /// <summary>Start of validity (UTC, whole seconds; X.509 UTCTime resolution).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity (UTC, whole seconds).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>
    /// The BouncyCastle TLS certificate chain (one entry) for signer credentials, bound to <paramref name="crypto"/> (the
    /// session's crypto provider; a BouncyCastle 2.x <c>TlsCertificate</c> belongs to one <see cref="TlsCrypto"/>).
    /// Parses the DER again (a few µs).
    /// </summary>
    internal TlsCertificateChain CreateChain(TlsCrypto crypto) => new([crypto.CreateCertificate(CertificateDer)]);

    /// <summary>The ECDSA P-256 private key.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Generates a new key pair and self-signed certificate (subject/issuer "CN=RtcGateway"). Takes ~2–20 ms
    /// (ECDSA key generation and signature in managed code).
    /// </summary>
    /// <param name="now">Current time; validity is [now − 1 day, now + 30 days], truncated to whole seconds.</param>
    public static DtlsCertificate Generate(DateTimeOffset now) => Generate(now, "CN=RtcGateway");

    /// <summary>Generates a certificate with a chosen subject (tests use distinct names for client and server).</summary>
    internal static DtlsCertificate Generate(DateTimeOffset now, string subject)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        // Named-curve parameters (OID secp256r1) so the SubjectPublicKeyInfo carries the curve OID, not explicit params.
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        var utcNow = now.ToUniversalTime();
        var notBefore = new DateTimeOffset(utcNow.Year, utcNow.Month, utcNow.Day, utcNow.Hour, utcNow.Minute, utcNow.Second,
            TimeSpan.Zero).AddDays(-1);
        var notAfter = notBefore.AddDays(31);

        var name = new X509Name(subject);
        var generator = new X509V3CertificateGenerator();
        // RFC 5280 §4.1.2.2: positive serial, at most 20 octets.
        generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(keyPair.Public);
        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));

        byte[] der = certificate.GetEncoded();
        return new DtlsCertificate(keyPair.Private, der, notBefore, notAfter);
    }
}
