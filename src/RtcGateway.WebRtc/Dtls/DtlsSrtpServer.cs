using System.Collections;
using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle DTLS 1.2 server policy for DTLS-SRTP (RFC 5764, RFC 6347) as WebRTC browsers expect it:
/// ECDHE_ECDSA suites with AES_128_GCM first, our ECDSA P-256 certificate, a CertificateRequest listing ecdsa_sign and
/// rsa_sign, client certificate checked against the SDP fingerprint, use_srtp chosen by our preference with empty MKI,
/// keying material exported inside <see cref="NotifyHandshakeComplete"/>. Runs on the engine thread only.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsCertificate _certificate;
    private readonly byte[] _expectedFingerprint;
    private readonly int _handshakeTimeoutMillis;

    public DtlsSrtpServer(DtlsCertificate certificate, byte[] expectedFingerprint, int handshakeTimeoutMillis)
    {
        _certificate = certificate;
        _expectedFingerprint = expectedFingerprint;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /// <summary>Raised (engine thread) for every alert we send: level, description.</summary>
    public Action<byte, byte>? AlertRaised { get; set; }

    /// <summary>Raised (engine thread) for every alert received: level, description.</summary>
    public Action<byte, byte>? AlertReceived { get; set; }

    /// <summary>Our own verdict when we abort the handshake (fingerprint mismatch, no certificate, no SRTP profile).</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Selected SRTP protection profile (0 until the ClientHello was processed).</summary>
    public ushort SelectedSrtpProfile { get; private set; }

    /// <summary>Exported SRTP keying material (RFC 5764 §4.2); null until the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>SHA-256 over the DER of the client's first certificate; null until received.</summary>
    public byte[]? RemoteFingerprint { get; private set; }

    /// <summary>True once a close_notify alert arrived.</summary>
    public bool CloseNotifyReceived { get; private set; }

    /// <summary>Last fatal alert received, or null.</summary>
    public byte? FatalAlertReceived { get; private set; }

    protected override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    protected override ProtocolVersion MaximumVersion => ProtocolVersion.DTLSv12;

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    // Chrome offers C02B and C009 among the ECDSA suites (WEBRTC-NOTES.md); GCM first.
    protected override int[] GetCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    protected override TlsSignerCredentials GetECDsaSignerCredentials() =>
        new DefaultTlsSignerCredentials(mContext, _certificate.Chain, _certificate.PrivateKey,
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    // RFC 5246 §7.4.4. Listing only rsa_sign broke servers with Chrome 124 (WEBRTC-NOTES.md): list both.
    public override CertificateRequest GetCertificateRequest()
    {
        var signatureAlgorithms = new ArrayList
        {
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
        };
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            signatureAlgorithms, null);
    }

    // The default implementation throws; WebRTC authenticates the self-signed certificate by its SDP fingerprint
    // (RFC 8122 §5, RFC 5763 §5). The CertificateVerify message (checked by BouncyCastle) proves key possession.
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            FailureReason = "no client certificate";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        byte[] der = clientCertificate.GetCertificateAt(0).GetEncoded(Asn1Encodable.Der);
        byte[] fingerprint = DtlsFingerprint.ComputeSha256(der);
        RemoteFingerprint = fingerprint;
        if (!CryptographicOperations.FixedTimeEquals(fingerprint, _expectedFingerprint))
        {
            FailureReason = "fingerprint mismatch";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    // RFC 5764 §4.1.1: pick one profile the client offered; we pick by OUR preference.
    public override void ProcessClientExtensions(IDictionary clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? useSrtp = clientExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(clientExtensions);
        if (useSrtp?.ProtectionProfiles is { } offered)
        {
            foreach (ushort preferred in DtlsSrtpProfile.ServerPreference)
            {
                if (Array.IndexOf(offered, (int)preferred) >= 0)
                {
                    SelectedSrtpProfile = preferred;
                    return;
                }
            }
        }

        FailureReason = useSrtp is null ? "client offered no use_srtp extension" : "no common SRTP protection profile";
        throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    public override IDictionary GetServerExtensions()
    {
        IDictionary extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        // Empty srtp_mki: we do not use MKI (RFC 5764 §4.1.1 option 2).
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData([SelectedSrtpProfile], []));
        return extensions;
    }

    // Export here: once Accept() returns, BouncyCastle has cleared the security parameters and export throws.
    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        if (RemoteFingerprint is null)
        {
            FailureReason = "no client certificate";
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }

        KeyingMaterial = mContext.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            DtlsSrtpProfile.KeyingMaterialLength(SelectedSrtpProfile));
    }

    public override void NotifyAlertRaised(byte alertLevel, byte alertDescription, string message, Exception cause) =>
        AlertRaised?.Invoke(alertLevel, alertDescription);

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
        }
        else if (alertLevel == AlertLevel.fatal)
        {
            FatalAlertReceived = alertDescription;
        }

        AlertReceived?.Invoke(alertLevel, alertDescription);
    }
}
