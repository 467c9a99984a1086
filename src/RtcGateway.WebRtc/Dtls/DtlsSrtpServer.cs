using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle 2.x DTLS 1.2 server policy for DTLS-SRTP (RFC 5764, RFC 6347) as WebRTC browsers expect it:
/// ECDHE_ECDSA suites with AES_128_GCM first, our ECDSA P-256 certificate, a CertificateRequest listing ecdsa_sign and
/// rsa_sign, client certificate checked against the SDP fingerprint, use_srtp chosen by our preference with empty MKI,
/// keying material exported inside <see cref="NotifyHandshakeComplete"/>, and corrupt records ignored once connected
/// (<see cref="IgnoreCorruptDtlsRecords"/>). Its handshake callbacks run on the engine thread; the alert callbacks also
/// run on the owner's thread once connected (records are then processed there).
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsCertificate _certificate;
    private readonly byte[] _expectedFingerprint;
    private readonly int _handshakeTimeoutMillis;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, byte[] expectedFingerprint, int handshakeTimeoutMillis)
        : base(crypto)
    {
        _certificate = certificate;
        _expectedFingerprint = expectedFingerprint;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /// <summary>Raised for every alert we send: level, description.</summary>
    public Action<short, short>? AlertRaised { get; set; }

    /// <summary>Raised for every alert received: level, description.</summary>
    public Action<short, short>? AlertReceived { get; set; }

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
    public short? FatalAlertReceived { get; private set; }

    /// <summary>
    /// RFC 6347 §4.1.2.7: a record that fails authentication is silently discarded, the association stays up. BouncyCastle
    /// 2.x already drops bad_record_mac inside its record layer; with this, a bad_record_mac alert raised anywhere while
    /// receiving connected data makes <c>DtlsTransport.Receive</c> return -1 instead of failing the connection.
    /// </summary>
    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    // DTLS 1.2 only: Chrome also offers 1.3 (supported_versions FEFC), we answer 1.2 (WEBRTC-NOTES.md).
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    // Chrome offers C02B and C009 among the ECDSA suites (WEBRTC-NOTES.md); GCM first.
    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto,
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ]);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto, _certificate.PrivateKey,
            _certificate.CreateChain(Crypto), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    // RFC 5246 §7.4.4. Listing only rsa_sign broke servers with Chrome 124 (WEBRTC-NOTES.md): list both.
    public override CertificateRequest GetCertificateRequest()
    {
        var signatureAlgorithms = new List<SignatureAndHashAlgorithm>
        {
            new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            new(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            new(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            new(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
            new(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa),
            new(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
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

        byte[] fingerprint = DtlsFingerprint.ComputeSha256(clientCertificate.GetCertificateAt(0).GetEncoded());
        RemoteFingerprint = fingerprint;
        if (!CryptographicOperations.FixedTimeEquals(fingerprint, _expectedFingerprint))
        {
            FailureReason = "fingerprint mismatch";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    // RFC 5764 §4.1.1: pick one profile the client offered; we pick by OUR preference.
    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? useSrtp = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
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

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        // Empty srtp_mki: we do not use MKI (RFC 5764 §4.1.1 option 2).
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SelectedSrtpProfile], []));
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

        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            DtlsSrtpProfile.KeyingMaterialLength(SelectedSrtpProfile));
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        AlertRaised?.Invoke(alertLevel, alertDescription);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
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
