using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void Certificate_IsSelfSignedEcdsaP256NamedCurve_Sha256_WithRequestedValidity()
    {
        var now = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        DtlsCertificate certificate = DtlsCertificate.Generate(now);
        using X509Certificate2 x509 = X509CertificateLoader.LoadCertificate(certificate.CertificateDer);

        Assert.Equal("1.2.840.10045.4.3.2", x509.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        Assert.Equal("1.2.840.10045.2.1", x509.PublicKey.Oid.Value); // id-ecPublicKey
        // Named curve: parameters are the secp256r1 OID (06 08 2A 86 48 CE 3D 03 01 07), not explicit parameters.
        Assert.Equal(Convert.FromHexString("06082A8648CE3D030107"), x509.PublicKey.EncodedParameters!.RawData);
        Assert.Equal(x509.SubjectName.RawData, x509.IssuerName.RawData);
        Assert.Equal(now.AddDays(-1).UtcDateTime, x509.NotBefore.ToUniversalTime());
        Assert.Equal(now.AddDays(30).UtcDateTime, x509.NotAfter.ToUniversalTime());
        Assert.True(x509.SerialNumberBytes.Span[0] < 0x80, "serial must be positive");

        using ECDsa key = x509.GetECDsaPublicKey()!;
        byte[] tbs = ExtractTbsAndSignature(certificate.CertificateDer, out byte[] signature);
        Assert.True(key.VerifyData(tbs, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.Equal(SHA256.HashData(certificate.CertificateDer), certificate.FingerprintSha256);
    }

    [Fact]
    public void Certificates_HaveDistinctKeysAndSerials()
    {
        DtlsCertificate a = DtlsCertificate.Generate(DtlsTestPeer.Now);
        DtlsCertificate b = DtlsCertificate.Generate(DtlsTestPeer.Now);
        using X509Certificate2 x509A = X509CertificateLoader.LoadCertificate(a.CertificateDer);
        using X509Certificate2 x509B = X509CertificateLoader.LoadCertificate(b.CertificateDer);
        Assert.NotEqual(x509A.SerialNumber, x509B.SerialNumber);
        Assert.NotEqual(a.FingerprintSha256, b.FingerprintSha256);
    }

    [Fact]
    public void FingerprintSdp_IsUpperCaseHexWithColons_AndParsesBack()
    {
        DtlsCertificate certificate = DtlsTestPeer.Server;
        Assert.Matches(new Regex("^sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}$"), certificate.FingerprintSdp);
        Assert.Equal("sha-256 " + certificate.FingerprintHex, certificate.FingerprintSdp);
        Assert.Equal(Convert.ToHexString(certificate.FingerprintSha256), certificate.FingerprintHex.Replace(":", ""));
        Assert.True(DtlsFingerprint.TryParseSdp(certificate.FingerprintSdp, out byte[] parsed));
        Assert.Equal(certificate.FingerprintSha256, parsed);
        Assert.True(DtlsFingerprint.TryParseSdp("SHA-256 " + certificate.FingerprintHex.ToLowerInvariant(), out parsed));
        Assert.Equal(certificate.FingerprintSha256, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-1 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256 GG:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-256 00-00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-512 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    public void TryParseSdp_Malformed_ReturnsFalse(string value)
    {
        Assert.False(DtlsFingerprint.TryParseSdp(value, out byte[] fingerprint));
        Assert.Empty(fingerprint);
    }

    [Fact]
    public void TryParseSdp_MutatedInput_NeverThrows()
    {
        var random = new Random(8122);
        string valid = DtlsTestPeer.Server.FingerprintSdp;
        const string Alphabet = "0123456789abcdefABCDEF:- xyz";
        int cases = 0, parsed = 0;
        for (; cases < 20_000; cases++)
        {
            char[] chars = valid.ToCharArray();
            int mutations = random.Next(0, 4);
            for (int m = 0; m < mutations; m++)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            int length = random.Next(0, 8) == 0 ? random.Next(0, chars.Length) : chars.Length;
            if (DtlsFingerprint.TryParseSdp(new string(chars, 0, length), out byte[] fingerprint))
            {
                parsed++;
                Assert.Equal(32, fingerprint.Length);
            }
        }

        Assert.Equal(20_000, cases);
        Assert.InRange(parsed, 1, cases - 1);
    }

    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 §4.1).
    private static byte[] ExtractTbsAndSignature(byte[] der, out byte[] signature)
    {
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER);
        var certificate = reader.ReadSequence();
        byte[] tbs = certificate.ReadEncodedValue().ToArray();
        certificate.ReadEncodedValue();
        signature = certificate.ReadBitString(out _);
        return tbs;
    }
}
